// Everything a game can set. Defaults are shared with the Unreal and TypeScript SDKs
// (libs/sdk-vectors/README.md) so that the three behave the same out of the box.
using System;

namespace GameTelemetry
{
    [Serializable]
    public sealed class TelemetryConfig
    {
        /// <summary>The game client's API key from the portal: gtk_live_...</summary>
        public string ApiKey;

        /// <summary>Base URL of the ingestion service, e.g. https://ingest.example.com (POST {Endpoint}/v1/events).</summary>
        public string Endpoint;

        /// <summary>Your id for the player; when empty, a random id is made once and kept in the storage directory.</summary>
        public string PlayerId;

        /// <summary>Sent with every event (at most 32 characters); the Unity layer fills in Application.version.</summary>
        public string AppVersion;

        /// <summary>The `sdk` field of every event; set both to null to leave it out.</summary>
        public string SdkName = "gametelemetry-csharp";
        public string SdkVersion = TelemetryClient.Version;

        /// <summary>Directory of the durable queue; null keeps events in memory only (lost when the app stops).</summary>
        public string StorageDirectory;

        /// <summary>Events per request, 1 to 500. A full batch is sent at once.</summary>
        public int BatchSize = 100;

        /// <summary>The longest an event waits before it is sent, in milliseconds.</summary>
        public int FlushIntervalMs = 10000;

        /// <summary>A pause (app in background) at least this long ends the session; the next resume starts a new one.</summary>
        public int SessionTimeoutMs = 60000;

        /// <summary>First retry delay; it doubles per failure up to MaxRetryDelayMs, with jitter (50-100% of it).</summary>
        public int InitialRetryDelayMs = 1000;
        public int MaxRetryDelayMs = 60000;

        /// <summary>A server's Retry-After is honoured up to this many milliseconds (a longer one is taken as a mistake).</summary>
        public int MaxRetryAfterMs = 600000;

        /// <summary>Queue bounds: when either is reached, the oldest events are dropped (and counted in Stats).</summary>
        public int MaxQueueSize = 10000;
        public long MaxQueueBytes = 8L * 1024 * 1024;

        /// <summary>The most time Tick() spends per call (per frame), in milliseconds.</summary>
        public double FrameBudgetMs = 2.0;

        public int RequestTimeoutMs = 30000;

        /// <summary>
        /// Optional per-game-client signing secret: adds X-Signature (HMAC-SHA256 of time and body).
        /// Off when null. A secret inside a shipped game can be extracted; see the README.
        /// </summary>
        public string SigningSecret;

        /// <summary>Gzip request bodies of 1 KiB or more (Content-Encoding: gzip).</summary>
        public bool Compress = true;

        public TelemetryConfig Clone()
        {
            return (TelemetryConfig)MemberwiseClone();
        }
    }

    public enum ProgressionStatus
    {
        Start,
        Complete,
        Fail,
    }

    public enum ErrorSeverity
    {
        Debug,
        Info,
        Warning,
        Error,
        Critical,
    }

    /// <summary>Counters since the client was created (a snapshot; read it any time).</summary>
    public sealed class TelemetryStats
    {
        /// <summary>Events put in the queue.</summary>
        public long Enqueued;
        /// <summary>Events the server accepted (202).</summary>
        public long Accepted;
        /// <summary>Events the server rejected one by one in a 202 (dropped: they would never be accepted).</summary>
        public long Rejected;
        /// <summary>Calls refused before queueing (invalid name, currency, ...).</summary>
        public long Refused;
        /// <summary>Events dropped because the server answered 400 to their batch.</summary>
        public long DroppedBadRequest;
        /// <summary>Events dropped because a request with only them was too large (413).</summary>
        public long DroppedTooLarge;
        /// <summary>Oldest events dropped because the queue was full.</summary>
        public long DroppedOverflow;
        /// <summary>Damaged records skipped when reading the queue file.</summary>
        public long DroppedCorrupt;
        /// <summary>HTTP requests made, and those that failed and will be retried.</summary>
        public long Requests;
        public long FailedRequests;
        public int Queued;
        /// <summary>True after a 401/403/404: sending stopped until the client is created again.</summary>
        public bool Halted;
        public string LastError;

        public TelemetryStats Clone()
        {
            return (TelemetryStats)MemberwiseClone();
        }
    }
}
