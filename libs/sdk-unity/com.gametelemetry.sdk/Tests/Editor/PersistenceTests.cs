using System.Collections.Generic;
using System.Text;
using NUnit.Framework;

namespace GameTelemetry.Tests
{
    [TestFixture]
    public class PersistenceTests
    {
        private static readonly string Header = EventQueue.Header + "\n";

        private static List<string> SentIds(FakeTransport t)
        {
            var ids = new List<string>();
            foreach (var s in t.All) ids.AddRange(s.EventIds);
            return ids;
        }

        [Test]
        public void QueuedEventsSurviveAKillAndAreSentOnceAtTheNextStart()
        {
            var h = new Harness().Start();
            h.Client.Track("A");
            h.Client.Track("B");
            h.Pump();
            Assert.AreEqual(0, h.Transport.Count, "not sent yet (interval)");
            // Killed: no Shutdown, no EndSession.
            var h2 = h.Restart();
            h2.Pump();
            var sent = h2.Transport.Outstanding;
            Assert.IsNotNull(sent, "restored events are sent at once");
            CollectionAssert.AreEqual(new[] { "session_start", "design", "design", "session_end" }, sent.Types);
            h2.Transport.Accept();
            h2.Pump();
            var h3 = h2.Restart();
            h3.Pump();
            h3.Advance(60000);
            Assert.AreEqual(0, h3.Transport.Count, "nothing is sent twice");
        }

        [Test]
        public void KillBetweenWriteAndRenameOfACompactionLosesAndRevivesNothing()
        {
            var h = new Harness();
            h.Transport.AutoRespond = FakeTransport.Accepted;
            h.Config.BatchSize = 50;
            h.Start();
            // Enough delivered events for the journal to need compaction.
            for (int i = 0; i < 400; i++) h.Client.Track("Delivered:" + i);
            h.Client.Flush();
            h.Pump(40);
            Assert.AreEqual(0, h.Client.Stats.Queued);
            var delivered = new HashSet<string>(SentIds(h.Transport));

            h.Transport.AutoRespond = null;
            for (int i = 0; i < 5; i++) h.Client.Track("Unsent:" + i);
            h.Pump();
            h.Storage.CrashBeforeReplace = (src, dst) => src == EventQueue.TempName;
            h.Client.QueueForTests.RequestCompaction();
            Assert.Throws<SimulatedCrash>(() => h.Pump(), "the compaction reached its rename");
            Assert.IsTrue(h.Storage.Exists(EventQueue.TempName), "the finished copy was left behind");
            Assert.IsNull(h.Transport.Outstanding, "the new events were not sent before the crash");

            h.Storage.CrashBeforeReplace = null;
            var h2 = h.Restart();
            h2.Pump();
            Assert.IsFalse(h2.Storage.Exists(EventQueue.TempName), "the leftover copy is thrown away");
            var sent = h2.Transport.Outstanding;
            Assert.IsNotNull(sent);
            foreach (var id in sent.EventIds) Assert.IsFalse(delivered.Contains(id), "a delivered event came back: " + id);
            var names = new List<string>();
            foreach (var e in sent.Events) names.Add(((JsonObject)e).GetString("name"));
            CollectionAssert.AreEqual(new[] { "Unsent:0", "Unsent:1", "Unsent:2", "Unsent:3", "Unsent:4", null }, names);
            Assert.AreEqual("session_end", sent.Types[5], "and the session the crash left open");
        }

        [Test]
        public void KillWhileWritingTheCompactedCopyLeavesTheJournalWhole()
        {
            var storage = new FaultyStorage();
            var q = new EventQueue(storage, null);
            q.Open(0);
            for (int i = 1; i <= 10; i++) q.Enqueue("{\"n\":" + i + "}", 0);
            q.WritePending(() => false, false);
            q.RemoveThrough(6);
            q.WritePending(() => false, false);
            q.RequestCompaction();
            storage.CrashBeforeAppend = name => name == EventQueue.TempName;
            Assert.Throws<SimulatedCrash>(() => q.CompactStep(() => false));
            storage.CrashBeforeAppend = null;

            var reopened = new EventQueue(storage, null);
            QueueLoadReport report = reopened.Open(0);
            Assert.AreEqual(4, reopened.Count);
            Assert.AreEqual(7, reopened.Head.Seq);
            Assert.AreEqual(0, report.CorruptRecords);
            Assert.IsFalse(storage.Exists(EventQueue.TempName));
        }

        [Test]
        public void KillBetweenWriteAndRenameAtQueueLevel()
        {
            var storage = new FaultyStorage();
            var q = new EventQueue(storage, null);
            q.Open(0);
            for (int i = 1; i <= 10; i++) q.Enqueue("{\"n\":" + i + "}", 0);
            q.WritePending(() => false, false);
            q.RemoveThrough(6);
            // The removal is still pending when compaction starts: the commit writes it to the journal first.
            q.RequestCompaction();
            storage.CrashBeforeReplace = (src, dst) => true;
            Assert.Throws<SimulatedCrash>(() => q.CompactStep(() => false));
            StringAssert.Contains("Z 4 ", storage.Text(EventQueue.TempName), "the copy was complete");

            var reopened = new EventQueue(storage, null);
            reopened.Open(0);
            var left = reopened.Peek(100, Limits.MaxRequestBytes);
            Assert.AreEqual(4, left.Count);
            Assert.AreEqual("{\"n\":7}", left[0].Json);
            Assert.AreEqual("{\"n\":10}", left[3].Json);
            reopened.Enqueue("{\"n\":11}", 0);
            Assert.AreEqual(11, reopened.Peek(100, Limits.MaxRequestBytes)[4].Seq, "sequence numbers continue");
        }

        [Test]
        public void ARenameThatIsNotAtomicIsRecoveredFromTheCompleteCopy()
        {
            // FileStorage's fallback deletes the journal before moving the copy: killed in between,
            // only the copy exists, and it ends with its Z record.
            var storage = new FaultyStorage();
            var q = new EventQueue(storage, null);
            q.Open(0);
            for (int i = 1; i <= 3; i++) q.Enqueue("{\"n\":" + i + "}", 0);
            q.RequestCompaction();
            q.WritePending(() => false, false);
            storage.CrashBeforeReplace = (src, dst) => true;
            Assert.Throws<SimulatedCrash>(() => q.CompactStep(() => false));
            storage.CrashBeforeReplace = null;
            storage.Delete(EventQueue.FileName);

            var reopened = new EventQueue(storage, null);
            reopened.Open(0);
            Assert.AreEqual(3, reopened.Count);
            Assert.IsTrue(storage.Exists(EventQueue.FileName));
            Assert.IsFalse(storage.Exists(EventQueue.TempName));
        }

        [Test]
        public void ATornLastRecordIsSkippedAndTheNextOneStartsOnItsOwnLine()
        {
            var storage = new FaultyStorage();
            var q = new EventQueue(storage, null);
            q.Open(0);
            q.Enqueue("{\"n\":1}", 0);
            q.Enqueue("{\"n\":2}", 0);
            q.WritePending(() => false, false);
            // Killed in the middle of appending record 3.
            storage.Append(EventQueue.FileName, Encoding.UTF8.GetBytes("E 3 0badc0de {\"n\""), 0, 17, false);

            var q2 = new EventQueue(storage, null);
            QueueLoadReport report = q2.Open(0);
            Assert.AreEqual(2, q2.Count);
            Assert.AreEqual(1, report.CorruptRecords);
            q2.Enqueue("{\"n\":3}", 0);
            q2.WritePending(() => false, false);

            var q3 = new EventQueue(storage, null);
            q3.Open(0);
            Assert.AreEqual(3, q3.Count);
            Assert.AreEqual("{\"n\":3}", q3.Peek(10, Limits.MaxRequestBytes)[2].Json);
        }

        [Test]
        public void ADamagedRecordIsSkippedAndCountedTheOthersAreKept()
        {
            var h = new Harness().Start();
            h.Client.Track("One");
            h.Client.Track("Two");
            h.Client.Track("Three");
            h.Pump();
            string text = h.Storage.Text(EventQueue.FileName);
            // Flip one character inside the second design event: its checksum no longer matches.
            int at = text.IndexOf("\"Two\"");
            h.Storage.SetText(EventQueue.FileName, text.Substring(0, at) + "\"Twx\"" + text.Substring(at + 5));

            var h2 = h.Restart();
            Assert.AreEqual(1, h2.Client.Stats.DroppedCorrupt);
            h2.Pump();
            var names = new List<string>();
            foreach (var e in h2.Transport.Outstanding.Events) names.Add(((JsonObject)e).GetString("name"));
            CollectionAssert.AreEqual(new[] { null, "One", "Three", null }, names);
        }

        [Test]
        public void AQueueFileOfTheOlderFormatVersion1IsReadSentAndRewrittenAsVersion2()
        {
            var h = new Harness();
            const string e1 = "{\"type\":\"design\",\"eventId\":\"11111111-0000-4000-8000-000000000001\",\"playerId\":\"p\",\"sessionId\":\"s\",\"timestamp\":\"2026-11-24T09:00:00.000Z\",\"name\":\"Old:One\"}";
            const string e2 = "{\"type\":\"design\",\"eventId\":\"11111111-0000-4000-8000-000000000002\",\"playerId\":\"p\",\"sessionId\":\"s\",\"timestamp\":\"2026-11-24T09:00:01.000Z\",\"name\":\"Old:Two\"}";
            // What SDK 0.0.x wrote: a snapshot, one event per line, no checksums.
            h.Storage.SetText(EventQueue.FileName, "{\"format\":\"gt-queue\",\"version\":1}\n" + e1 + "\n" + e2 + "\n");
            h.Start();
            StringAssert.StartsWith(Header, h.Storage.Text(EventQueue.FileName), "rewritten in the current format at once");
            h.Pump();
            var sent = h.Transport.Outstanding;
            Assert.IsNotNull(sent, "old events are sent at once");
            StringAssert.Contains(e1 + "," + e2, sent.BodyText, "sent exactly as they were stored");
            h.Transport.Accept();
            h.Pump();
            var h2 = h.Restart();
            h2.Pump();
            h2.Advance(60000);
            Assert.AreEqual(0, h2.Transport.Count);
        }

        [Test]
        public void AQueueFileOfANewerVersionIsSetAsideNotOverwritten()
        {
            var h = new Harness();
            string future = "{\"format\":\"gt-queue\",\"version\":3}\nwhatever version 3 keeps\n";
            h.Storage.SetText(EventQueue.FileName, future);
            h.Start();
            Assert.AreEqual(future, h.Storage.Text(EventQueue.FileName + ".v3"));
            h.Client.Track("Fresh");
            h.Pump();
            StringAssert.StartsWith(Header, h.Storage.Text(EventQueue.FileName));
            Assert.IsTrue(h.Log.Contains("newer than this SDK"));
        }

        [Test]
        public void AFileThatIsNotAQueueIsSetAside()
        {
            var h = new Harness();
            h.Storage.SetText(EventQueue.FileName, "garbage\n");
            h.Start();
            Assert.AreEqual("garbage\n", h.Storage.Text(EventQueue.FileName + ".corrupt"));
            Assert.IsTrue(h.Client.IsEnabled);
        }

        [Test]
        public void TheQueueIsBoundedTheOldestAreDroppedAndCounted()
        {
            var h = new Harness();
            h.Config.MaxQueueSize = 5;
            h.Start();
            for (int i = 0; i < 10; i++) h.Client.Track("E:" + i);
            Assert.AreEqual(5, h.Client.Stats.Queued);
            Assert.AreEqual(6, h.Client.Stats.DroppedOverflow, "session_start and E:0..E:4");
            h.Client.Flush();
            h.Pump();
            var names = new List<string>();
            foreach (var e in h.Transport.Outstanding.Events) names.Add(((JsonObject)e).GetString("name"));
            CollectionAssert.AreEqual(new[] { "E:5", "E:6", "E:7", "E:8", "E:9" }, names);
            var h2 = h.Restart();
            Assert.AreEqual(5, h2.Client.Stats.Queued, "still bounded after a restart");
        }

        [Test]
        public void TheQueueIsBoundedInBytesToo()
        {
            var h = new Harness();
            h.Config.MaxQueueBytes = 40000;
            h.Start();
            for (int i = 0; i < 20; i++) h.Client.Error(ErrorSeverity.Error, new string('m', 8000));
            Assert.LessOrEqual(h.Client.Stats.Queued, 5);
            Assert.Greater(h.Client.Stats.DroppedOverflow, 14);
        }

        [Test]
        public void TheJournalIsCompactedSoItDoesNotGrowWithDeliveredEvents()
        {
            var h = new Harness();
            h.Transport.AutoRespond = FakeTransport.Accepted;
            h.Config.BatchSize = 20;
            h.Start();
            for (int round = 0; round < 50; round++)
            {
                for (int i = 0; i < 20; i++) h.Client.Track("Round:" + round);
                h.Pump(3);
            }
            h.Client.Flush();
            h.Pump(10);
            Assert.AreEqual(0, h.Client.Stats.Queued);
            Assert.AreEqual(1001, h.Client.Stats.Accepted);
            int size = h.Storage.Read(EventQueue.FileName).Length;
            Assert.Less(size, 200 * 1024, "1000 delivered events (~300 KB) did not stay in the file");
        }

        [Test]
        public void WhenTheDiskFailsEventsAreStillSentAndWritingResumesLater()
        {
            var h = new Harness();
            h.Storage.FailWrites = true;
            h.Start();
            h.Client.Track("While:Failing");
            h.Client.Flush();
            h.Pump();
            Assert.IsTrue(h.Log.Contains("cannot write the queue file"));
            Assert.IsNotNull(h.Transport.Outstanding, "sending does not depend on the disk");
            h.Storage.FailWrites = false;
            h.Client.Track("After:Recovery");
            h.Advance(5000);
            var h2 = h.Restart();
            Assert.AreEqual(3, h2.Client.Stats.Queued, "session_start, both events: written once the disk came back");
        }

        [Test]
        public void APlayerIdIsMadeOnceAndKept()
        {
            var h = new Harness();
            h.Config.PlayerId = null;
            h.Start();
            string id = h.Client.PlayerId;
            StringAssert.IsMatch("^[0-9a-f-]{36}$", id);
            var h2 = h.Restart();
            Assert.AreEqual(id, h2.Client.PlayerId);
        }

        [Test]
        public void RealFilesRoundTripThroughFileStorage()
        {
            string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gt-unity-test-" + System.Guid.NewGuid().ToString("N"));
            try
            {
                var h = new Harness();
                h.Config.StorageDirectory = dir;
                h.Storage = null;
                h.Start();
                h.Client.Track("On:Disk");
                h.Client.Shutdown(0);
                Assert.IsTrue(System.IO.File.Exists(System.IO.Path.Combine(dir, EventQueue.FileName)));
                var h2 = new Harness { Storage = null, Config = h.Config };
                h2.Start();
                Assert.AreEqual(3, h2.Client.Stats.Queued, "session_start, the event, the recovered session_end");
                h2.Client.Shutdown(0);
            }
            finally
            {
                if (System.IO.Directory.Exists(dir)) System.IO.Directory.Delete(dir, true);
            }
        }
    }
}
