// Test doubles shared by the tests: a clock the test moves, ids it chooses, a fixed jitter, a
// transport that holds requests until the test answers them, storage that fails on cue.
// Written for NUnit 2.6 (Debian's, used by this repository's build) and NUnit 3 (Unity's Test
// Framework): only the API both have.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace GameTelemetry.Tests
{
    public sealed class FakeClock : IClock
    {
        public long Unix;
        public double Mono;

        public FakeClock(long unixMs = 1795514400000L)
        {
            Unix = unixMs;
            Mono = 1000;
        }

        public long UnixMillis { get { lock (this) return Unix; } }

        public double MonotonicMillis { get { lock (this) return Mono; } }

        public void Advance(double ms)
        {
            lock (this)
            {
                Unix += (long)ms;
                Mono += ms;
            }
        }
    }

    /// <summary>Ids from a list (vectors), or counted UUIDs v4 (…-4000-8000-000000000001, …).</summary>
    public sealed class ListIds : IIdGenerator
    {
        private readonly Queue<string> _ids;
        private int _counter;
        private readonly string _prefix;

        public ListIds(IEnumerable<string> ids)
        {
            _ids = new Queue<string>(ids);
        }

        public ListIds(string prefix = "00000000")
        {
            _prefix = prefix;
        }

        public int Used;

        public string NextId()
        {
            lock (this)
            {
                Used++;
                if (_ids != null)
                {
                    if (_ids.Count == 0) throw new InvalidOperationException("the test's id list is used up: the SDK made more ids than expected");
                    return _ids.Dequeue();
                }
                _counter++;
                return _prefix + "-0000-4000-8000-" + _counter.ToString("x12");
            }
        }
    }

    public sealed class FixedRandom : IRandomSource
    {
        public double Value;

        public FixedRandom(double value = 0.5)
        {
            Value = value;
        }

        public double NextDouble()
        {
            return Value;
        }
    }

    public sealed class CapturingLogger : ITelemetryLogger
    {
        public readonly List<string> Lines = new List<string>();

        public void Log(LogLevel level, string message)
        {
            lock (Lines) Lines.Add(level + ": " + message);
        }

        public bool Contains(string part)
        {
            lock (Lines)
            {
                foreach (var l in Lines)
                {
                    if (l.Contains(part)) return true;
                }
            }
            return false;
        }
    }

    /// <summary>Keeps each request until the test answers it (or answers at once with AutoRespond).</summary>
    public sealed class FakeTransport : IHttpTransport
    {
        public sealed class Sent
        {
            public HttpRequest Request;
            public Action<HttpResponse> Complete;
            public bool Answered;

            /// <summary>The JSON the request carries (gunzipped when Content-Encoding: gzip).</summary>
            public string BodyText { get { return FakeTransport.JsonOf(Request); } }

            public List<object> Events
            {
                get { return ((JsonObject)Json.Parse(BodyText)).GetArray("events"); }
            }

            public List<string> EventIds
            {
                get
                {
                    var ids = new List<string>();
                    foreach (var e in Events) ids.Add(((JsonObject)e).GetString("eventId"));
                    return ids;
                }
            }

            public List<string> Types
            {
                get
                {
                    var types = new List<string>();
                    foreach (var e in Events) types.Add(((JsonObject)e).GetString("type"));
                    return types;
                }
            }
        }

        public readonly List<Sent> All = new List<Sent>();

        /// <summary>When set, every request is answered with this at once, inside Send.</summary>
        public Func<HttpRequest, HttpResponse> AutoRespond;

        public void Send(HttpRequest request, Action<HttpResponse> onComplete)
        {
            var s = new Sent { Request = request, Complete = onComplete };
            lock (All) All.Add(s);
            if (AutoRespond != null)
            {
                s.Answered = true;
                onComplete(AutoRespond(request));
            }
        }

        public Sent Outstanding
        {
            get
            {
                lock (All)
                {
                    foreach (var s in All)
                    {
                        if (!s.Answered) return s;
                    }
                    return null;
                }
            }
        }

        public int Count { get { lock (All) return All.Count; } }

        public Sent Last { get { lock (All) return All.Count == 0 ? null : All[All.Count - 1]; } }

        public Sent Respond(int status, string body = null, params string[] headers)
        {
            var s = Outstanding;
            if (s == null) throw new InvalidOperationException("no request to answer");
            var r = new HttpResponse { Status = status, Body = body };
            for (int i = 0; i + 1 < headers.Length; i += 2) r.Headers[headers[i]] = headers[i + 1];
            s.Answered = true;
            s.Complete(r);
            return s;
        }

        public Sent Accept()
        {
            var s = Outstanding;
            if (s == null) throw new InvalidOperationException("no request to answer");
            int n = s.Events.Count;
            return Respond(202, "{\"accepted\":" + n + ",\"rejected\":[]}");
        }

        public Sent Fail(string message = "connection refused")
        {
            var s = Outstanding;
            if (s == null) throw new InvalidOperationException("no request to answer");
            s.Answered = true;
            s.Complete(HttpResponse.Failed(message));
            return s;
        }

        public static string JsonOf(HttpRequest request)
        {
            if (request.GetHeader("Content-Encoding") != "gzip") return Encoding.UTF8.GetString(request.Body);
            using (var input = new MemoryStream(request.Body))
            using (var gz = new System.IO.Compression.GZipStream(input, System.IO.Compression.CompressionMode.Decompress))
            using (var output = new MemoryStream())
            {
                gz.CopyTo(output);
                return Encoding.UTF8.GetString(output.ToArray());
            }
        }

        public static HttpResponse Accepted(HttpRequest request)
        {
            var o = (JsonObject)Json.Parse(JsonOf(request));
            return new HttpResponse { Status = 202, Body = "{\"accepted\":" + o.GetArray("events").Count + ",\"rejected\":[]}" };
        }
    }

    /// <summary>Thrown by FaultyStorage to stand for the process dying at that exact point.</summary>
    public sealed class SimulatedCrash : Exception
    {
        public SimulatedCrash(string where) : base("simulated crash " + where)
        {
        }
    }

    /// <summary>In-memory files with hooks: crash before a rename, fail writes, cost time per write.</summary>
    public sealed class FaultyStorage : MemoryStorage
    {
        public Func<string, string, bool> CrashBeforeReplace;
        public bool FailWrites;
        public FakeClock Clock;
        public double MillisPerAppend;
        public int Appends;

        public Func<string, bool> CrashBeforeAppend;

        public override void Append(string name, byte[] data, int offset, int count, bool sync)
        {
            if (FailWrites) throw new IOException("disk full (simulated)");
            if (CrashBeforeAppend != null && CrashBeforeAppend(name))
            {
                // Half of the bytes reach the file: the process died in the middle of a write.
                base.Append(name, data, offset, count / 2, false);
                throw new SimulatedCrash("while appending to " + name);
            }
            Appends++;
            if (Clock != null) Clock.Advance(MillisPerAppend);
            base.Append(name, data, offset, count, sync);
        }

        public override void Write(string name, byte[] data, bool sync)
        {
            if (FailWrites) throw new IOException("disk full (simulated)");
            base.Write(name, data, sync);
        }

        public override void Replace(string source, string destination)
        {
            if (CrashBeforeReplace != null && CrashBeforeReplace(source, destination)) throw new SimulatedCrash("before renaming " + source + " to " + destination);
            base.Replace(source, destination);
        }

        public string Text(string name)
        {
            byte[] b = Read(name);
            return b == null ? null : Encoding.UTF8.GetString(b);
        }

        public void SetText(string name, string text)
        {
            base.Write(name, Encoding.UTF8.GetBytes(text), false);
        }
    }

    public static class TestKeys
    {
        /// <summary>A well-formed key (valid checksum), the one of the shared vectors.</summary>
        public const string Valid = "gtk_live_VectorKey0123456789abcdefghijklm_0xaBTN";
        public const string Endpoint = "https://ingest.example.test";

        public static TelemetryConfig Config()
        {
            return new TelemetryConfig
            {
                ApiKey = Valid,
                Endpoint = Endpoint,
                PlayerId = "player-1",
                AppVersion = "1.0.0",
                SdkName = "gametelemetry-tests",
                SdkVersion = "0.0.0",
            };
        }
    }

    /// <summary>A client wired to fakes, with helpers to pump it.</summary>
    public sealed class Harness
    {
        public readonly FakeClock Clock = new FakeClock();
        public readonly ListIds Ids = new ListIds();
        public readonly FixedRandom Random = new FixedRandom();
        public readonly FakeTransport Transport = new FakeTransport();
        public readonly CapturingLogger Log = new CapturingLogger();
        public FaultyStorage Storage = new FaultyStorage();
        public TelemetryConfig Config = TestKeys.Config();
        public TelemetryClient Client;

        public Harness Start()
        {
            Client = new TelemetryClient(Config, Transport, new TelemetryServices
            {
                Clock = Clock,
                Ids = Ids,
                Random = Random,
                Storage = Storage,
                Logger = Log,
            });
            return this;
        }

        /// <summary>The same storage and clock, a new client: the game started again.</summary>
        public Harness Restart()
        {
            var h = new Harness { Storage = Storage, Config = Config };
            h.Clock.Unix = Clock.Unix;
            h.Clock.Mono = 1000;
            return h.Start();
        }

        public void Pump(int ticks = 5)
        {
            for (int i = 0; i < ticks; i++) Client.Tick();
        }

        public void Advance(double ms)
        {
            Clock.Advance(ms);
            Pump();
        }
    }
}
