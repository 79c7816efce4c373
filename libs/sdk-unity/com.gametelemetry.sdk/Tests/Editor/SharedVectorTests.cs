// Runs the shared test vectors (libs/sdk-vectors, README there): the same scenarios the Unreal
// and TypeScript SDKs run, comparing every request byte for byte. In a Unity project the
// vectors are not part of the package: set GT_SDK_VECTORS_DIR to run them there; otherwise
// these tests report as ignored.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using NUnit.Framework;

namespace GameTelemetry.Tests
{
    [TestFixture]
    public class SharedVectorTests
    {
        public static string VectorsDirectory()
        {
            string env = Environment.GetEnvironmentVariable("GT_SDK_VECTORS_DIR");
            if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppDomain.CurrentDomain.BaseDirectory })
            {
                var dir = new DirectoryInfo(start);
                while (dir != null)
                {
                    string candidate = Path.Combine(Path.Combine(Path.Combine(dir.FullName, "libs"), "sdk-vectors"), "vectors");
                    if (Directory.Exists(candidate)) return candidate;
                    dir = dir.Parent;
                }
            }
            return null;
        }

        public static IEnumerable<string> VectorFiles()
        {
            string dir = VectorsDirectory();
            if (dir == null)
            {
                yield return "(not found)";
                yield break;
            }
            var files = new List<string>(Directory.GetFiles(dir, "*.json"));
            files.Sort(StringComparer.Ordinal);
            foreach (string f in files)
            {
                if (Path.GetFileName(f) != "formats.json") yield return Path.GetFileName(f);
            }
        }

        private static JsonObject Load(string name)
        {
            string dir = VectorsDirectory();
            if (dir == null) Assert.Ignore("shared vectors not found: set GT_SDK_VECTORS_DIR to libs/sdk-vectors/vectors");
            return (JsonObject)Json.Parse(File.ReadAllText(Path.Combine(dir, name), Encoding.UTF8));
        }

        [TestCaseSource("VectorFiles")]
        public void Vector(string file)
        {
            JsonObject v = Load(file);
            Assert.AreEqual("gt-sdk-vector/1", v.GetString("format"), "vector format");
            new VectorRun(v).Run();
        }

        private sealed class VectorRun
        {
            private readonly JsonObject _v;
            private readonly FakeClock _clock;
            private readonly FakeTransport _transport = new FakeTransport();
            private readonly TelemetryClient _client;
            private readonly bool _initRefused;
            private readonly string _name;

            public VectorRun(JsonObject v)
            {
                _v = v;
                _name = v.GetString("name");
                JsonObject c = v.GetObject("config");
                var config = new TelemetryConfig
                {
                    ApiKey = c.GetString("apiKey"),
                    Endpoint = c.GetString("endpoint"),
                    PlayerId = c.GetString("playerId"),
                    AppVersion = c.GetString("appVersion"),
                    SigningSecret = c.GetString("signingSecret"),
                };
                JsonObject sdk = c.GetObject("sdk");
                config.SdkName = sdk == null ? null : sdk.GetString("name");
                config.SdkVersion = sdk == null ? null : sdk.GetString("version");
                if (c.Has("batchSize")) config.BatchSize = (int)c.GetNumber("batchSize").Value;
                if (c.Has("flushIntervalMs")) config.FlushIntervalMs = (int)c.GetNumber("flushIntervalMs").Value;
                if (c.Has("sessionTimeoutMs")) config.SessionTimeoutMs = (int)c.GetNumber("sessionTimeoutMs").Value;
                JsonObject retry = c.GetObject("retry");
                if (retry != null && retry.Has("initialDelayMs")) config.InitialRetryDelayMs = (int)retry.GetNumber("initialDelayMs").Value;
                if (retry != null && retry.Has("maxDelayMs")) config.MaxRetryDelayMs = (int)retry.GetNumber("maxDelayMs").Value;
                // Vectors compare request bodies as JSON text.
                config.Compress = false;

                _clock = new FakeClock(IsoToUnixMs(v.GetString("clock")));
                var ids = new List<string>();
                foreach (var id in v.GetArray("ids")) ids.Add((string)id);
                _initRefused = v.GetBool("initRefused") == true;
                _client = new TelemetryClient(config, _transport, new TelemetryServices
                {
                    Clock = _clock,
                    Ids = new ListIds(ids),
                    Random = new FixedRandom(v.GetNumber("random") ?? 0.5),
                    Storage = new MemoryStorage(),
                });
                Assert.AreEqual(!_initRefused, _client.IsEnabled, _name + ": init " + (_initRefused ? "should be refused" : "failed: " + _client.InitError));
            }

            private void Pump()
            {
                for (int i = 0; i < 6; i++) _client.Tick();
            }

            public void Run()
            {
                Pump();
                int index = 0;
                foreach (var item in _v.GetArray("steps"))
                {
                    var step = (JsonObject)item;
                    string where = _name + " step " + index++ + " " + Json.Stringify(step);
                    if (step.Has("call")) Call(step, where);
                    else if (step.Has("advanceMs"))
                    {
                        _clock.Advance(step.GetNumber("advanceMs").Value);
                        Pump();
                    }
                    else if (step.Has("expectNoRequest"))
                    {
                        var o = _transport.Outstanding;
                        Assert.IsNull(o, where + ": unexpected request " + (o == null ? "" : o.BodyText));
                    }
                    else if (step.Has("request")) Request(step, where);
                    else Assert.Fail(where + ": unknown step");
                }
                var left = _transport.Outstanding;
                Assert.IsNull(left, _name + ": a request the vector does not list: " + (left == null ? "" : left.BodyText));
            }

            private void Call(JsonObject step, string where)
            {
                bool refused = step.GetBool("refused") == true;
                bool? accepted = Invoke(step);
                Pump();
                if (accepted == null || _initRefused) return;
                if (refused) Assert.IsFalse(accepted.Value, where + ": should be refused");
                else Assert.IsTrue(accepted.Value, where + ": should be accepted");
            }

            /// <summary>Makes the call; null for calls that do not answer accepted/refused. Calls C# types cannot express count as refused.</summary>
            private bool? Invoke(JsonObject s)
            {
                string call = s.GetString("call");
                JsonObject props = s.GetObject("properties");
                switch (call)
                {
                    case "startSession": _client.StartSession(); return null;
                    case "endSession": _client.EndSession(); return null;
                    case "flush": _client.Flush(); return null;
                    case "pause": _client.Pause(); return null;
                    case "resume": _client.Resume(); return null;
                    case "track":
                        return _client.Track(s.GetString("name"), s.GetNumber("value"), props);
                    case "progression":
                    {
                        ProgressionStatus status;
                        if (!TryStatus(s.GetString("status"), out status)) return false;
                        double? attempt = s.GetNumber("attempt");
                        if (attempt.HasValue && (attempt.Value != Math.Floor(attempt.Value) || attempt.Value > int.MaxValue)) return false;
                        return _client.Progression(status, s.GetString("level"), s.GetNumber("score"), attempt.HasValue ? (int?)(int)attempt.Value : null, props);
                    }
                    case "purchase":
                    {
                        double amount = s.GetNumber("amount").Value;
                        if (amount != Math.Floor(amount)) return false;
                        return _client.Purchase(s.GetString("currency"), (long)amount, s.GetString("itemId"), s.GetString("itemType"), s.GetString("transactionId"), props);
                    }
                    case "error":
                    {
                        ErrorSeverity severity;
                        if (!TrySeverity(s.GetString("severity"), out severity)) return false;
                        return _client.Error(severity, s.GetString("message"), props);
                    }
                }
                Assert.Fail("unknown call " + call);
                return null;
            }

            private void Request(JsonObject step, string where)
            {
                JsonObject expected = step.GetObject("request");
                var sent = _transport.Outstanding;
                Assert.IsNotNull(sent, where + ": expected a request, none was made");
                Assert.AreEqual(expected.GetString("method"), sent.Request.Method, where + ": method");
                Assert.AreEqual(expected.GetString("url"), sent.Request.Url, where + ": url");
                foreach (var h in expected.GetObject("headers"))
                {
                    Assert.AreEqual((string)h.Value, sent.Request.GetHeader(h.Key), where + ": header " + h.Key);
                }
                string body = expected.GetString("body");
                Assert.AreEqual(body, sent.BodyText, where + ": body");
                CollectionAssert.AreEqual(Encoding.UTF8.GetBytes(body), sent.Request.Body, where + ": body bytes");

                JsonObject respond = step.GetObject("respond");
                HttpResponse response;
                if (respond.GetBool("networkError") == true)
                {
                    response = HttpResponse.Failed("vector network error");
                }
                else
                {
                    response = new HttpResponse { Status = (int)respond.GetNumber("status").Value, Body = respond.GetString("body") };
                    JsonObject headers = respond.GetObject("headers");
                    if (headers != null)
                    {
                        foreach (var h in headers) response.Headers[h.Key] = (string)h.Value;
                    }
                }
                sent.Answered = true;
                sent.Complete(response);
                Pump();
            }
        }

        private static bool TryStatus(string s, out ProgressionStatus status)
        {
            status = ProgressionStatus.Start;
            switch (s)
            {
                case "start": status = ProgressionStatus.Start; return true;
                case "complete": status = ProgressionStatus.Complete; return true;
                case "fail": status = ProgressionStatus.Fail; return true;
            }
            return false;
        }

        private static bool TrySeverity(string s, out ErrorSeverity severity)
        {
            severity = ErrorSeverity.Error;
            switch (s)
            {
                case "debug": severity = ErrorSeverity.Debug; return true;
                case "info": severity = ErrorSeverity.Info; return true;
                case "warning": severity = ErrorSeverity.Warning; return true;
                case "error": severity = ErrorSeverity.Error; return true;
                case "critical": severity = ErrorSeverity.Critical; return true;
            }
            return false;
        }

        internal static long IsoToUnixMs(string iso)
        {
            // 2026-11-24T10:00:00.000Z
            int year = int.Parse(iso.Substring(0, 4));
            int month = int.Parse(iso.Substring(5, 2));
            int day = int.Parse(iso.Substring(8, 2));
            int h = int.Parse(iso.Substring(11, 2));
            int m = int.Parse(iso.Substring(14, 2));
            int s = int.Parse(iso.Substring(17, 2));
            int ms = int.Parse(iso.Substring(20, 3));
            var dt = new DateTime(year, month, day, h, m, s, ms, DateTimeKind.Utc);
            return (long)(dt - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalMilliseconds;
        }

        // ------------------------------------------------------------------ formats.json

        private static JsonObject Formats()
        {
            return Load("formats.json");
        }

        [Test]
        public void NumbersAreWrittenAsJsonStringifyDoes()
        {
            foreach (var item in Formats().GetArray("numbers"))
            {
                var c = (JsonObject)item;
                string hex = c.GetString("bits");
                long bits = Convert.ToInt64(hex, 16);
                double value = BitConverter.Int64BitsToDouble(bits);
                Assert.AreEqual(c.GetString("json"), Json.FormatNumber(value), "bits " + hex);
            }
        }

        [Test]
        public void TimestampsAreIsoUtcWithMilliseconds()
        {
            foreach (var item in Formats().GetArray("timestamps"))
            {
                var c = (JsonObject)item;
                Assert.AreEqual(c.GetString("iso"), Text.FormatIsoTimestamp((long)c.GetNumber("unixMs").Value));
            }
        }

        [Test]
        public void StringsAreEscapedAsJsonStringifyDoes()
        {
            foreach (var item in Formats().GetArray("strings"))
            {
                var c = (JsonObject)item;
                Assert.AreEqual(c.GetString("json"), Json.QuoteString(c.GetString("input")));
            }
        }

        [Test]
        public void CodePointsAreCountedAndCut()
        {
            foreach (var item in Formats().GetArray("codePoints"))
            {
                var c = (JsonObject)item;
                Assert.AreEqual((int)c.GetNumber("codePoints").Value, Text.CodePointLength(c.GetString("input")));
                Assert.AreEqual(c.GetString("output"), Text.TruncateCodePoints(c.GetString("input"), (int)c.GetNumber("max").Value));
            }
        }

        [Test]
        public void HashesAndSignaturesMatch()
        {
            JsonObject f = Formats();
            foreach (var item in f.GetArray("sha256"))
            {
                var c = (JsonObject)item;
                Assert.AreEqual(c.GetString("sha256"), Crypto.Sha256Hex(Encoding.UTF8.GetBytes(c.GetString("input"))));
            }
            foreach (var item in f.GetArray("hmacSha256"))
            {
                var c = (JsonObject)item;
                Assert.AreEqual(c.GetString("hmacSha256"), Crypto.HmacSha256Hex(Encoding.UTF8.GetBytes(c.GetString("secret")), Encoding.UTF8.GetBytes(c.GetString("message"))));
            }
            foreach (var item in f.GetArray("crc32"))
            {
                var c = (JsonObject)item;
                Assert.AreEqual((uint)c.GetNumber("crc32").Value, Crypto.Crc32(c.GetString("input")));
            }
        }

        [Test]
        public void ApiKeysAreCheckedLikeIngestionDoes()
        {
            foreach (var item in Formats().GetArray("apiKeys"))
            {
                var c = (JsonObject)item;
                string code = ApiKey.Check(c.GetString("key"));
                if (c.GetBool("valid") == true) Assert.IsNull(code, c.GetString("key"));
                else Assert.AreEqual(c.GetString("code"), code, c.GetString("key"));
            }
        }

        [Test]
        public void RetryAfterIsParsedAndCapped()
        {
            foreach (var item in Formats().GetArray("retryAfter"))
            {
                var c = (JsonObject)item;
                double? ms = c.GetNumber("ms");
                long? parsed = Text.ParseRetryAfterMs(c.GetString("header"), (long)c.GetNumber("nowMs").Value);
                Assert.AreEqual(ms.HasValue ? (long?)(long)ms.Value : null, parsed, "Retry-After '" + c.GetString("header") + "'");
            }
        }
    }
}
