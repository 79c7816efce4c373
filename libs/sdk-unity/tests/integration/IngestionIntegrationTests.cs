// Against the real platform (started by libs/sdk-vectors/test/int/with-stack.ts through
// `scripts/test.sh int`): the SDK's requests are accepted by the real ingestion service with a
// key made through the real core, and its events land in Kafka exactly once per event id, even
// after an offline period and a process killed with events still queued. A second game client
// requires signed requests: signed with its secret, a session arrives exactly once (also from a
// device whose clock is minutes off the server's); unsigned or signed with a wrong secret,
// ingestion answers 401 and the SDK stops sending, keeping its queue.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using NUnit.Framework;

namespace GameTelemetry.IntegrationTests
{
    [TestFixture]
    public class IngestionIntegrationTests
    {
        private static readonly HttpClient Http = new HttpClient { Timeout = TimeSpan.FromSeconds(90) };
        private string _endpoint;
        private string _key;
        private string _signedKey;
        private string _signingSecret;
        private string _control;
        private string _platform;
        private readonly List<string> _dirs = new List<string>();

        [TestFixtureSetUp]
        public void ReadEnvironment()
        {
            _endpoint = Environment.GetEnvironmentVariable("GT_INT_ENDPOINT");
            _key = Environment.GetEnvironmentVariable("GT_INT_API_KEY");
            _signedKey = Environment.GetEnvironmentVariable("GT_INT_SIGNED_API_KEY");
            _signingSecret = Environment.GetEnvironmentVariable("GT_INT_SIGNING_SECRET");
            _control = Environment.GetEnvironmentVariable("GT_INT_CONTROL");
            _platform = Environment.GetEnvironmentVariable("GT_INT_PLATFORM") ?? "unity";
            if (string.IsNullOrEmpty(_endpoint) || string.IsNullOrEmpty(_key) || string.IsNullOrEmpty(_control))
            {
                Assert.Ignore("run through libs/sdk-unity/scripts/test.sh int, which starts the platform");
            }
        }

        [TearDown]
        public void GoOnlineAndClean()
        {
            if (_control != null) Control("online");
            foreach (var d in _dirs)
            {
                if (Directory.Exists(d)) Directory.Delete(d, true);
            }
            _dirs.Clear();
        }

        private string TempDir()
        {
            string d = Path.Combine(Path.GetTempPath(), "gt-unity-int-" + Guid.NewGuid().ToString("N"));
            _dirs.Add(d);
            return d;
        }

        private void Control(string what)
        {
            Http.GetAsync(_control + "/" + what).Result.EnsureSuccessStatusCode();
        }

        private List<JsonObject> Kafka(string player, int expect)
        {
            string body = Http.GetStringAsync(_control + "/kafka?player=" + Uri.EscapeDataString(player) + "&expect=" + expect).Result;
            var list = new List<JsonObject>();
            foreach (var e in ((JsonObject)Json.Parse(body)).GetArray("events")) list.Add((JsonObject)e);
            return list;
        }

        /// <summary>A CrashHelper process running a client: the test reads its stats and kills it.</summary>
        private sealed class Game : IDisposable
        {
            private readonly Process _p;
            private readonly object _gate = new object();
            private string _stats = "";
            private readonly StringBuilder _log = new StringBuilder();

            public Game(params string[] args)
            {
                string exe = Path.Combine(Path.GetDirectoryName(typeof(Game).Assembly.Location), "CrashHelper.exe");
                var psi = new ProcessStartInfo("mono", "\"" + exe + "\" " + string.Join(" ", Array.ConvertAll(args, a => "\"" + a + "\"")))
                {
                    UseShellExecute = false,
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                _p = Process.Start(psi);
                _p.OutputDataReceived += (s, e) =>
                {
                    if (e.Data == null) return;
                    lock (_gate)
                    {
                        if (e.Data.StartsWith("STATS ")) _stats = e.Data;
                        _log.AppendLine(e.Data);
                    }
                };
                _p.ErrorDataReceived += (s, e) =>
                {
                    if (e.Data != null) lock (_gate) _log.AppendLine(e.Data);
                };
                _p.BeginOutputReadLine();
                _p.BeginErrorReadLine();
            }

            public long Stat(string name)
            {
                lock (_gate)
                {
                    foreach (string part in _stats.Split(' '))
                    {
                        if (part.StartsWith(name + "=")) return part.EndsWith("True") ? 1 : part.EndsWith("False") ? 0 : long.Parse(part.Substring(name.Length + 1));
                    }
                }
                return -1;
            }

            public void WaitFor(Func<Game, bool> condition, int timeoutMs, string what)
            {
                var watch = Stopwatch.StartNew();
                while (!condition(this))
                {
                    if (watch.ElapsedMilliseconds > timeoutMs)
                    {
                        string log;
                        lock (_gate) log = _log.ToString();
                        Assert.Fail("timed out waiting for " + what + "; last stats: " + _stats + "\n" + log);
                    }
                    Thread.Sleep(50);
                }
            }

            public void Send(string command)
            {
                _p.StandardInput.WriteLine(command);
                _p.StandardInput.Flush();
            }

            /// <summary>SIGKILL: no shutdown, no last write.</summary>
            public void Kill()
            {
                if (!_p.HasExited) _p.Kill();
                _p.WaitForExit();
            }

            public void Dispose()
            {
                Kill();
                _p.Dispose();
            }
        }

        [Test]
        public void EventsArriveInKafkaExactlyOnceAfterAnOfflinePeriodAndAKilledProcess()
        {
            string player = _platform + "-int-" + Guid.NewGuid().ToString("N");
            string dir = TempDir();
            using (var game = new Game("client", dir, _endpoint, _key, player, "10"))
            {
                game.WaitFor(g => g.Stat("accepted") == 11 && g.Stat("queued") == 0, 60000, "the first 10 events and the session_start to be accepted");
                Control("offline");
                game.Send("track 10 10");
                game.WaitFor(g => g.Stat("queued") == 10 && g.Stat("failed") >= 3, 60000, "sending to fail while offline");
                game.Kill(); // the crash: 10 events on disk, never delivered
            }
            Control("online");
            using (var again = new Game("client", dir, _endpoint, _key, player, "0"))
            {
                again.WaitFor(g => g.Stat("accepted") == 11 && g.Stat("queued") == 0, 60000, "the queued events and the recovered session_end to be accepted");
                again.Kill();
            }

            var events = Kafka(player, 22);
            var ids = new HashSet<string>();
            var names = new HashSet<string>();
            int starts = 0, ends = 0;
            foreach (var e in events)
            {
                Assert.IsTrue(ids.Add(e.GetString("eventId")), "event " + e.GetString("eventId") + " is in Kafka twice");
                Assert.AreEqual(_platform, e.GetString("platform"), "the envelope names the key's game client platform");
                switch (e.GetString("type"))
                {
                    case "design": names.Add(e.GetString("name")); break;
                    case "session_start": starts++; break;
                    case "session_end": ends++; break;
                }
            }
            Assert.AreEqual(22, events.Count, "20 events, the session_start and the session_end the killed run left open");
            Assert.AreEqual(20, names.Count);
            for (int i = 0; i < 20; i++) Assert.IsTrue(names.Contains("Int:Event:" + i), "Int:Event:" + i + " arrived");
            Assert.AreEqual(1, starts);
            Assert.AreEqual(1, ends);
        }

        private TelemetryClient Client(TelemetryConfig config, IClock clock = null)
        {
            config.Endpoint = config.Endpoint ?? _endpoint;
            config.ApiKey = config.ApiKey ?? _key;
            config.StorageDirectory = config.StorageDirectory ?? TempDir();
            config.FlushIntervalMs = 100;
            return new TelemetryClient(config, new HttpClientTransport(), new TelemetryServices { Clock = clock, Logger = new ConsoleLogger(LogLevel.Warning) });
        }

        private static void PumpUntil(TelemetryClient client, Func<TelemetryStats, bool> condition, int timeoutMs, string what)
        {
            var watch = Stopwatch.StartNew();
            while (!condition(client.Stats))
            {
                if (watch.ElapsedMilliseconds > timeoutMs) Assert.Fail("timed out waiting for " + what + "; last error: " + client.Stats.LastError);
                client.Tick();
                Thread.Sleep(20);
            }
        }

        [Test]
        public void GzippedBatchesAreAcceptedByIngestion()
        {
            var client = Client(new TelemetryConfig { PlayerId = "gzip-" + Guid.NewGuid().ToString("N"), Compress = true });
            for (int i = 0; i < 100; i++) client.Track("Gzip:Event", i, new TelemetryProperties { { "padding", new string('p', 100) } });
            client.Progression(ProgressionStatus.Complete, "world-1", 1200.5, 2);
            client.Purchase("EUR", 499, "gem-pack", "gems", "txn-1");
            client.Error(ErrorSeverity.Warning, "int test \"quoted\" é 😀");
            client.EndSession();
            client.Flush();
            PumpUntil(client, s => s.Accepted == 105, 30000, "105 events accepted");
            Assert.AreEqual(0, client.Stats.Rejected);
            Assert.LessOrEqual(client.Stats.Requests, 2);
            client.Shutdown(0);
        }

        [Test]
        public void AnUnknownKeyIsRefusedOnceAndNeverRetried()
        {
            // A well-formed key with a valid checksum that core never issued.
            var client = Client(new TelemetryConfig { ApiKey = MakeKey(), PlayerId = "unknown-key" });
            Assert.IsTrue(client.IsEnabled);
            client.Track("Never:Stored");
            client.Flush();
            PumpUntil(client, s => s.Halted, 30000, "a 401");
            StringAssert.Contains("401", client.Stats.LastError);
            StringAssert.Contains("KEY_UNKNOWN", client.Stats.LastError);
            var watch = Stopwatch.StartNew();
            while (watch.ElapsedMilliseconds < 2000)
            {
                client.Flush();
                client.Tick();
                Thread.Sleep(20);
            }
            Assert.AreEqual(1, client.Stats.Requests, "never retried");
            Assert.AreEqual(2, client.Stats.Queued, "kept for a start with a working key");
            client.Shutdown(0);
        }

        [Test]
        public void EventsIngestionRejectsAreDroppedNotRetried()
        {
            // A device clock 40 days behind: ingestion refuses each event (EVENT_TIMESTAMP_OUT_OF_RANGE) in a 202.
            var clock = new SkewedClock(-40L * 24 * 3600 * 1000);
            var client = Client(new TelemetryConfig { PlayerId = "old-clock" }, clock);
            client.Track("Too:Old");
            client.Flush();
            PumpUntil(client, s => s.Rejected == 2, 30000, "2 rejections");
            var until = Stopwatch.StartNew();
            while (until.ElapsedMilliseconds < 1500)
            {
                client.Tick();
                Thread.Sleep(20);
            }
            Assert.AreEqual(1, client.Stats.Requests);
            Assert.AreEqual(0, client.Stats.Queued);
            Assert.AreEqual(0, client.Stats.Accepted);
            client.Shutdown(0);
        }

        private void RequireSigningClient()
        {
            if (string.IsNullOrEmpty(_signedKey) || string.IsNullOrEmpty(_signingSecret))
            {
                Assert.Fail("GT_INT_SIGNED_API_KEY and GT_INT_SIGNING_SECRET are not set: libs/sdk-vectors/test/int/with-stack.ts provisions them");
            }
        }

        [Test]
        public void SignedRequestsOfASessionArriveInKafkaExactlyOnce()
        {
            RequireSigningClient();
            string player = _platform + "-signed-" + Guid.NewGuid().ToString("N");
            // Batches of 5 (several requests, each signed at its own time), gzipped: the signature is over the body before gzip.
            var client = Client(new TelemetryConfig { ApiKey = _signedKey, SigningSecret = _signingSecret, PlayerId = player, BatchSize = 5, Compress = true });
            client.StartSession();
            for (int i = 0; i < 10; i++) client.Track("Signed:Event:" + i, i, new TelemetryProperties { { "padding", new string('s', 200) } });
            client.Purchase("EUR", 199, "signed-pack", "pack", "txn-signed-1");
            client.EndSession();
            client.Flush();
            PumpUntil(client, s => s.Accepted == 13 && s.Queued == 0, 30000, "13 signed events accepted");
            Assert.AreEqual(0, client.Stats.Rejected);
            Assert.GreaterOrEqual(client.Stats.Requests, 3, "several signed requests");
            Assert.IsFalse(client.Stats.Halted);
            client.Shutdown(0);

            var events = Kafka(player, 13);
            var ids = new HashSet<string>();
            var names = new HashSet<string>();
            var sessions = new HashSet<string>();
            int starts = 0, ends = 0, purchases = 0;
            foreach (var e in events)
            {
                Assert.IsTrue(ids.Add(e.GetString("eventId")), "event " + e.GetString("eventId") + " is in Kafka twice");
                Assert.AreEqual(_platform, e.GetString("platform"));
                sessions.Add(e.GetString("sessionId"));
                switch (e.GetString("type"))
                {
                    case "design": names.Add(e.GetString("name")); break;
                    case "session_start": starts++; break;
                    case "session_end": ends++; break;
                    case "purchase": purchases++; break;
                }
            }
            Assert.AreEqual(13, events.Count, "session_start, 10 design events, a purchase, session_end");
            for (int i = 0; i < 10; i++) Assert.IsTrue(names.Contains("Signed:Event:" + i), "Signed:Event:" + i + " arrived");
            Assert.AreEqual(1, starts);
            Assert.AreEqual(1, ends);
            Assert.AreEqual(1, purchases);
            Assert.AreEqual(1, sessions.Count, "one session");
        }

        /// <summary>
        /// The signed client's key with no secret (or a wrong one): one 401 with <paramref name="code"/>, sending
        /// stops, the queue is kept, nothing reaches Kafka. Returns the storage directory, which holds the queue.
        /// </summary>
        private string RefusedSignatureHaltsKeepingTheQueue(string secret, string code, string player)
        {
            string dir = TempDir();
            var client = Client(new TelemetryConfig { ApiKey = _signedKey, SigningSecret = secret, PlayerId = player, StorageDirectory = dir });
            Assert.IsTrue(client.IsEnabled, client.InitError);
            for (int i = 0; i < 3; i++) client.Track("Unsigned:Event:" + i, i);
            client.Flush();
            PumpUntil(client, s => s.Halted, 30000, "a 401");
            StringAssert.Contains("401", client.Stats.LastError);
            StringAssert.Contains(code, client.Stats.LastError);
            client.EndSession(); // queued behind the others, never sent by this instance
            var watch = Stopwatch.StartNew();
            while (watch.ElapsedMilliseconds < 2000)
            {
                client.Flush();
                client.Tick();
                Thread.Sleep(20);
            }
            Assert.AreEqual(1, client.Stats.Requests, "never retried");
            Assert.AreEqual(0, client.Stats.Accepted);
            Assert.AreEqual(5, client.Stats.Queued, "session_start, 3 events and session_end kept for the next start");
            client.Shutdown(0);
            Assert.AreEqual(0, Kafka(player, 0).Count, "nothing of a refused request reached Kafka");
            return dir;
        }

        [Test]
        public void WithoutTheSigningSecretIngestionAnswers401AndTheQueueWaitsForAStartWithIt()
        {
            RequireSigningClient();
            string player = _platform + "-unsigned-" + Guid.NewGuid().ToString("N");
            string dir = RefusedSignatureHaltsKeepingTheQueue(null, "SIGNATURE_MISSING", player);

            // The next start, now with the secret: the kept queue is sent, and arrives exactly once.
            var again = Client(new TelemetryConfig { ApiKey = _signedKey, SigningSecret = _signingSecret, PlayerId = player, StorageDirectory = dir });
            again.Flush();
            PumpUntil(again, s => s.Accepted == 5 && s.Queued == 0, 30000, "the kept events accepted once signed");
            again.Shutdown(0);
            var events = Kafka(player, 5);
            var ids = new HashSet<string>();
            foreach (var e in events) Assert.IsTrue(ids.Add(e.GetString("eventId")), "event " + e.GetString("eventId") + " is in Kafka twice");
            Assert.AreEqual(5, events.Count);
        }

        [Test]
        public void AWrongSigningSecretIsRefusedWith401AndSendingStops()
        {
            RequireSigningClient();
            string player = _platform + "-badsig-" + Guid.NewGuid().ToString("N");
            RefusedSignatureHaltsKeepingTheQueue("gts_" + Guid.NewGuid().ToString("N"), "SIGNATURE_INVALID", player);
        }

        [Test]
        public void ADeviceClockMinutesOffStillDeliversSignedEventsExactlyOnce()
        {
            RequireSigningClient();
            // Beyond ingestion's 300 s signature window, either way. Ahead stays under the 10 minutes
            // an event's timestamp may be in the future (more would be rejected per event anyway).
            foreach (long skewMs in new[] { -10L * 60 * 1000, 7L * 60 * 1000 })
            {
                string player = _platform + "-skew" + (skewMs < 0 ? "behind" : "ahead") + "-" + Guid.NewGuid().ToString("N");
                var client = Client(new TelemetryConfig { ApiKey = _signedKey, SigningSecret = _signingSecret, PlayerId = player, BatchSize = 5 }, new SkewedClock(skewMs));
                client.StartSession();
                for (int i = 0; i < 7; i++) client.Track("Skewed:Event:" + i, i);
                client.EndSession();
                client.Flush();
                PumpUntil(client, s => s.Accepted == 9 && s.Queued == 0, 30000, "9 events accepted despite a clock " + skewMs / 1000 + " s off");
                Assert.IsFalse(client.Stats.Halted);
                Assert.AreEqual(0, client.Stats.Rejected);
                // The first request of the run was refused SIGNATURE_EXPIRED and sent again at once, re-signed;
                // the next batch was signed on the server's clock from the start.
                Assert.AreEqual(1, client.Stats.FailedRequests, "one refusal: the first request");
                StringAssert.Contains("SIGNATURE_EXPIRED", client.Stats.LastError);
                Assert.AreEqual(3, client.Stats.Requests, "2 batches and 1 resend");
                client.Shutdown(0);

                var events = Kafka(player, 9);
                var ids = new HashSet<string>();
                foreach (var e in events) Assert.IsTrue(ids.Add(e.GetString("eventId")), "event " + e.GetString("eventId") + " is in Kafka twice");
                Assert.AreEqual(9, events.Count, "session_start, 7 design events, session_end");
            }
        }

        private sealed class SkewedClock : IClock
        {
            private readonly SystemClock _real = new SystemClock();
            private readonly long _skew;

            public SkewedClock(long skewMs)
            {
                _skew = skewMs;
            }

            public long UnixMillis { get { return _real.UnixMillis + _skew; } }

            public double MonotonicMillis { get { return _real.MonotonicMillis; } }
        }

        private static string MakeKey()
        {
            const string base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
            var random = new Random();
            var body = new StringBuilder("gtk_live_");
            for (int i = 0; i < 32; i++) body.Append(base62[random.Next(62)]);
            uint n = Crypto.Crc32(body.ToString());
            var checksum = new char[6];
            for (int i = 5; i >= 0; i--)
            {
                checksum[i] = base62[(int)(n % 62)];
                n /= 62;
            }
            return body + "_" + new string(checksum);
        }
    }
}
