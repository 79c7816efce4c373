using NUnit.Framework;

namespace GameTelemetry.Tests
{
    [TestFixture]
    public class SessionTests
    {
        private static JsonObject LastEvent(Harness h)
        {
            h.Client.Flush();
            h.Pump();
            var events = h.Transport.Outstanding.Events;
            var e = (JsonObject)events[events.Count - 1];
            h.Transport.Accept();
            h.Pump();
            return e;
        }

        [Test]
        public void AnEventOutsideASessionStartsOne()
        {
            var h = new Harness().Start();
            Assert.IsNull(h.Client.SessionId);
            h.Client.Track("First");
            Assert.IsNotNull(h.Client.SessionId);
            h.Client.Flush();
            h.Pump();
            CollectionAssert.AreEqual(new[] { "session_start", "design" }, h.Transport.Outstanding.Types);
        }

        [Test]
        public void EndSessionReportsActiveSecondsAndSendsAtOnce()
        {
            var h = new Harness();
            h.Config.FlushIntervalMs = 3600000;
            h.Start();
            h.Client.StartSession();
            h.Advance(90499);
            Assert.IsTrue(h.Client.EndSession());
            h.Pump();
            var end = (JsonObject)h.Transport.Outstanding.Events[1];
            Assert.AreEqual("session_end", end.GetString("type"));
            Assert.AreEqual(90, end.GetNumber("durationSeconds"));
            Assert.IsFalse(h.Client.EndSession(), "no session any more");
        }

        [Test]
        public void AShortPauseKeepsTheSessionAndPausedTimeDoesNotCount()
        {
            var h = new Harness();
            h.Config.SessionTimeoutMs = 60000;
            h.Config.FlushIntervalMs = 3600000;
            h.Start();
            h.Client.StartSession();
            string id = h.Client.SessionId;
            h.Advance(20000);
            h.Client.Pause();
            h.Pump();
            h.Transport.Accept();
            h.Advance(59000);
            h.Client.Resume();
            Assert.AreEqual(id, h.Client.SessionId);
            h.Advance(10000);
            h.Client.EndSession();
            var end = LastEvent(h);
            Assert.AreEqual(30, end.GetNumber("durationSeconds"));
        }

        [Test]
        public void ALongPauseEndsTheSessionWhenThePlayerLeftAndTheResumeStartsANewOne()
        {
            var h = new Harness();
            h.Config.SessionTimeoutMs = 60000;
            h.Start();
            h.Client.StartSession();
            string first = h.Client.SessionId;
            h.Advance(15000);
            long leftAt = h.Clock.UnixMillis;
            h.Client.Pause();
            h.Pump();
            h.Transport.Accept();
            h.Advance(3600000);
            h.Client.Resume();
            Assert.AreNotEqual(first, h.Client.SessionId);
            h.Client.Flush();
            h.Pump();
            var events = h.Transport.Outstanding.Events;
            var end = (JsonObject)events[0];
            var start = (JsonObject)events[1];
            Assert.AreEqual("session_end", end.GetString("type"));
            Assert.AreEqual(first, end.GetString("sessionId"));
            Assert.AreEqual(Text.FormatIsoTimestamp(leftAt), end.GetString("timestamp"));
            Assert.AreEqual(15, end.GetNumber("durationSeconds"));
            Assert.AreEqual("session_start", start.GetString("type"));
            Assert.AreEqual(Text.FormatIsoTimestamp(h.Clock.UnixMillis), start.GetString("timestamp"));
        }

        [Test]
        public void ThePauseGapIsMeasuredOnTheWallClockBecauseAMonotonicClockMayStopWhileTheDeviceSleeps()
        {
            var h = new Harness();
            h.Config.SessionTimeoutMs = 60000;
            h.Start();
            h.Client.StartSession();
            string first = h.Client.SessionId;
            h.Client.Pause();
            h.Clock.Unix += 120000; // asleep: wall clock moves, monotonic does not
            h.Client.Resume();
            Assert.AreNotEqual(first, h.Client.SessionId);
        }

        [Test]
        public void StartSessionWhileOneIsActiveEndsItFirst()
        {
            var h = new Harness().Start();
            h.Client.StartSession();
            h.Advance(5000);
            h.Client.StartSession();
            h.Client.Flush();
            h.Pump();
            CollectionAssert.AreEqual(new[] { "session_start", "session_end", "session_start" }, h.Transport.Outstanding.Types);
        }

        [Test]
        public void ASessionLeftOpenByAKilledRunIsClosedAtTheNextStartAsOfItsLastSave()
        {
            var h = new Harness().Start();
            h.Client.StartSession();
            string id = h.Client.SessionId;
            for (int i = 0; i < 25; i++) h.Advance(1000); // saved every 10 s: last at 20 s
            long lastSave = h.Clock.UnixMillis - 5000;
            var h2 = h.Restart();
            h2.Clock.Unix += 3600000;
            h2.Client.Flush();
            h2.Pump();
            JsonObject end = null;
            foreach (var e in h2.Transport.Outstanding.Events)
            {
                var o = (JsonObject)e;
                if (o.GetString("type") == "session_end") end = o;
            }
            Assert.IsNotNull(end);
            Assert.AreEqual(id, end.GetString("sessionId"));
            Assert.AreEqual(Text.FormatIsoTimestamp(lastSave), end.GetString("timestamp"));
            Assert.AreEqual(20, end.GetNumber("durationSeconds"));
            Assert.IsFalse(h2.Storage.Exists(TelemetryClient.SessionFile));
        }

        [Test]
        public void ACleanEndLeavesNothingToRecover()
        {
            var h = new Harness().Start();
            h.Client.StartSession();
            h.Client.EndSession();
            h.Pump();
            h.Transport.Accept();
            h.Pump();
            var h2 = h.Restart();
            h2.Advance(60000);
            Assert.AreEqual(0, h2.Transport.Count);
        }
    }
}
