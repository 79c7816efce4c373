using System.Collections.Generic;
using System.Text;
using NUnit.Framework;

namespace GameTelemetry.Tests
{
    [TestFixture]
    public class BatchingTests
    {
        [Test]
        public void AFullBatchIsSentAtOnceAndTheRestWaitsForTheInterval()
        {
            var h = new Harness();
            h.Config.BatchSize = 10;
            h.Config.FlushIntervalMs = 10000;
            h.Start();
            for (int i = 0; i < 9; i++) h.Client.Track("Step:" + i); // + session_start = 10 events
            h.Pump();
            Assert.AreEqual(1, h.Transport.Count, "10 queued events make a full batch");
            Assert.AreEqual(10, h.Transport.Last.Events.Count);
            h.Transport.Accept();
            h.Client.Track("Late");
            h.Pump();
            Assert.AreEqual(1, h.Transport.Count, "one event waits for the interval");
            h.Advance(9999);
            Assert.AreEqual(1, h.Transport.Count);
            h.Advance(1);
            Assert.AreEqual(2, h.Transport.Count, "sent once it waited 10 s");
        }

        [Test]
        public void BatchSizeIsCappedAtTheServersLimitOf500()
        {
            var h = new Harness();
            h.Config.BatchSize = 5000;
            h.Start();
            for (int i = 0; i < 1200; i++) h.Client.Track("Bulk");
            h.Client.Flush();
            h.Pump();
            Assert.AreEqual(500, h.Transport.Last.Events.Count);
            h.Transport.Accept();
            h.Pump();
            Assert.AreEqual(500, h.Transport.Last.Events.Count, "the flush drains batch after batch");
            h.Transport.Accept();
            h.Pump();
            Assert.AreEqual(201, h.Transport.Last.Events.Count);
            h.Transport.Accept();
            h.Pump();
            Assert.AreEqual(3, h.Transport.Count);
            Assert.AreEqual(0, h.Client.Stats.Queued);
            Assert.AreEqual(1201, h.Client.Stats.Accepted);
        }

        [Test]
        public void ARequestBodyStaysUnderOneMebibyte()
        {
            var h = new Harness();
            h.Config.BatchSize = 500;
            h.Start();
            string big = new string('x', 8000);
            for (int i = 0; i < 300; i++) h.Client.Error(ErrorSeverity.Info, big);
            h.Client.Flush();
            h.Pump();
            var first = h.Transport.Outstanding;
            // The body may be gzipped; the limit is on the JSON it carries (ingestion checks both).
            byte[] json = Inflate(first.Request);
            Assert.LessOrEqual(json.Length, Limits.MaxRequestBytes);
            Assert.Greater(json.Length, Limits.MaxRequestBytes - 9000, "filled up to the limit");
            Assert.Less(CountEvents(first.Request), 300, "the byte limit cut the batch");
        }

        [Test]
        public void LargeBodiesAreGzippedAndSmallOnesAreNot()
        {
            var h = new Harness().Start();
            h.Client.Track("Small");
            h.Client.Flush();
            h.Pump();
            Assert.IsNull(h.Transport.Outstanding.Request.GetHeader("Content-Encoding"));
            h.Transport.Accept();
            for (int i = 0; i < 20; i++) h.Client.Track("Bigger:Batch");
            h.Client.Flush();
            h.Pump();
            var sent = h.Transport.Outstanding;
            Assert.AreEqual("gzip", sent.Request.GetHeader("Content-Encoding"));
            string json = Encoding.UTF8.GetString(Inflate(sent.Request));
            Assert.AreEqual(20, ((JsonObject)Json.Parse(json)).GetArray("events").Count);
        }

        [Test]
        public void OneRequestIsInFlightAtATimeSoEventsKeepTheirOrder()
        {
            var h = new Harness();
            h.Config.BatchSize = 2;
            h.Start();
            for (int i = 0; i < 7; i++) h.Client.Track("Order:" + i);
            h.Pump();
            Assert.AreEqual(1, h.Transport.Count, "the next batch waits for the answer");
            var names = new List<string>();
            while (h.Transport.Outstanding != null)
            {
                foreach (var e in h.Transport.Outstanding.Events)
                {
                    string name = ((JsonObject)e).GetString("name");
                    if (name != null) names.Add(name);
                }
                h.Transport.Accept();
                h.Client.Flush();
                h.Pump();
            }
            CollectionAssert.AreEqual(new[] { "Order:0", "Order:1", "Order:2", "Order:3", "Order:4", "Order:5", "Order:6" }, names);
        }

        [Test]
        public void EventsTrackedFromManyThreadsAreEachSentOnce()
        {
            var h = new Harness();
            h.Transport.AutoRespond = FakeTransport.Accepted;
            h.Config.BatchSize = 50;
            h.Start();
            var threads = new List<System.Threading.Thread>();
            for (int t = 0; t < 4; t++)
            {
                var th = new System.Threading.Thread(() =>
                {
                    for (int i = 0; i < 250; i++) h.Client.Track("Thread:Event");
                });
                threads.Add(th);
                th.Start();
            }
            while (threads.Exists(th => th.IsAlive)) h.Client.Tick();
            h.Client.Flush();
            h.Pump(50);
            var ids = new HashSet<string>();
            foreach (var s in h.Transport.All)
            {
                foreach (var id in s.EventIds) Assert.IsTrue(ids.Add(id), "event " + id + " sent twice");
            }
            Assert.AreEqual(1001, ids.Count, "1000 events and the session_start");
        }

        private static byte[] Inflate(HttpRequest r)
        {
            if (r.GetHeader("Content-Encoding") != "gzip") return r.Body;
            using (var input = new System.IO.MemoryStream(r.Body))
            using (var gz = new System.IO.Compression.GZipStream(input, System.IO.Compression.CompressionMode.Decompress))
            using (var output = new System.IO.MemoryStream())
            {
                gz.CopyTo(output);
                return output.ToArray();
            }
        }

        private static int CountEvents(HttpRequest r)
        {
            return ((JsonObject)Json.Parse(Encoding.UTF8.GetString(Inflate(r)))).GetArray("events").Count;
        }
    }
}
