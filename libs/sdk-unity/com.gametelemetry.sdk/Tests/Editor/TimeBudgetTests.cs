using NUnit.Framework;

namespace GameTelemetry.Tests
{
    [TestFixture]
    public class TimeBudgetTests
    {
        [Test]
        public void ATickStopsWhenTheFrameBudgetIsSpentAndTheNextTicksFinishTheWork()
        {
            var h = new Harness();
            h.Config.FrameBudgetMs = 2;
            h.Config.BatchSize = 500;
            h.Storage.Clock = h.Clock;
            h.Storage.MillisPerAppend = 1; // each 64 KiB write costs 1 ms of the frame
            h.Start();
            for (int i = 0; i < 3000; i++) h.Client.Track("Burst:" + i, i); // ~1 MB of records to write
            int ticks = 0;
            while (h.Transport.Count == 0)
            {
                double before = h.Clock.Mono;
                h.Client.Tick();
                double spent = h.Clock.Mono - before;
                Assert.LessOrEqual(spent, 2, "tick " + ticks + " spent " + spent + " ms");
                ticks++;
                Assert.Less(ticks, 100);
            }
            Assert.Greater(ticks, 5, "the work was spread over frames");
            Assert.IsFalse(h.Client.QueueForTests.HasPendingWrites, "everything was written before the first send");
        }

        [Test]
        public void CompactionIsSpreadOverFramesToo()
        {
            var h = new Harness();
            h.Config.FrameBudgetMs = 2;
            h.Start();
            for (int i = 0; i < 2000; i++) h.Client.Track("Queued:" + i);
            h.Pump(50);
            h.Storage.Clock = h.Clock;
            h.Storage.MillisPerAppend = 1;
            h.Client.QueueForTests.RequestCompaction();
            int ticks = 0;
            while (h.Client.QueueForTests.NeedsCompaction || h.Client.QueueForTests.Compacting)
            {
                double before = h.Clock.Mono;
                h.Client.Tick();
                Assert.LessOrEqual(h.Clock.Mono - before, 3, "one chunk past the budget at most");
                ticks++;
                Assert.Less(ticks, 100);
            }
            Assert.Greater(ticks, 2);
            var h2 = h.Restart();
            Assert.AreEqual(2002, h2.Client.Stats.Queued, "all events, and the session_end of the open session");
        }

        [Test]
        public void TrackingIsCheapAndNeverTouchesTheDiskOrTheNetwork()
        {
            var h = new Harness().Start();
            h.Client.Track("Warm");
            int appends = h.Storage.Appends;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            for (int i = 0; i < 10000; i++) h.Client.Track("Hot:Loop", i, new TelemetryProperties { { "i", i }, { "name", "x" } });
            watch.Stop();
            Assert.AreEqual(appends, h.Storage.Appends, "writes happen in Tick");
            Assert.AreEqual(0, h.Transport.Count, "and so does sending");
            // Generous for a loaded CI machine: the point is that no call waits on I/O.
            Assert.Less(watch.Elapsed.TotalMilliseconds / 10000, 2.0, "per call");
        }
    }
}
