// Kills a real process (SIGKILL) at the worst moments for the queue file and opens what it left:
// between writing a compacted copy and renaming it, and in the middle of appending.
using System;
using System.Diagnostics;
using System.IO;
using NUnit.Framework;

namespace GameTelemetry.HostTests
{
    [TestFixture]
    public class ProcessKillTests
    {
        private string _dir;

        [SetUp]
        public void CreateDirectory()
        {
            _dir = Path.Combine(Path.GetTempPath(), "gt-unity-kill-" + Guid.NewGuid().ToString("N"));
        }

        [TearDown]
        public void RemoveDirectory()
        {
            if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
        }

        internal static Process StartHelper(params string[] args)
        {
            string exe = Path.Combine(Path.GetDirectoryName(typeof(ProcessKillTests).Assembly.Location), "CrashHelper.exe");
            var psi = new ProcessStartInfo("mono", "\"" + exe + "\" " + string.Join(" ", Array.ConvertAll(args, a => "\"" + a + "\"")))
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            return Process.Start(psi);
        }

        [Test]
        public void AProcessKilledBetweenWriteAndRenameLosesNothing()
        {
            using (Process p = StartHelper("stop-before-rename", _dir))
            {
                Assert.AreEqual("AT-RENAME", p.StandardOutput.ReadLine(), "the helper reached the rename");
                p.Kill();
                p.WaitForExit();
            }
            Assert.IsTrue(File.Exists(Path.Combine(_dir, EventQueue.TempName)), "the finished copy is there, not renamed");
            var q = new EventQueue(new FileStorage(_dir), null);
            QueueLoadReport report = q.Open(0);
            Assert.AreEqual(0, report.CorruptRecords);
            var left = q.Peek(100, Limits.MaxRequestBytes);
            Assert.AreEqual(4, left.Count);
            Assert.AreEqual("{\"n\":7}", left[0].Json);
            Assert.AreEqual("{\"n\":10}", left[3].Json);
            Assert.IsFalse(File.Exists(Path.Combine(_dir, EventQueue.TempName)));
        }

        [Test]
        public void AProcessKilledWhileAppendingKeepsEveryEventItWrote()
        {
            int written = 0;
            using (Process p = StartHelper("append", _dir))
            {
                string line;
                while (written < 500 && (line = p.StandardOutput.ReadLine()) != null) written = int.Parse(line);
                p.Kill();
                p.WaitForExit();
            }
            var q = new EventQueue(new FileStorage(_dir), null);
            QueueLoadReport report = q.Open(0);
            Assert.LessOrEqual(report.CorruptRecords, 1, "at most the record being written");
            Assert.GreaterOrEqual(q.Count, written);
            long expect = 1;
            foreach (var e in q.Peek(int.MaxValue, long.MaxValue))
            {
                Assert.AreEqual(expect, e.Seq);
                StringAssert.StartsWith("{\"n\":" + expect + ",", e.Json);
                expect++;
            }
        }
    }
}
