// The SDK: sessions, events, the durable queue and sending, driven by Tick() once per frame.
//
// Threads: every public method may be called from any thread (one lock). Tick() does the work
// (disk writes, compaction, building and sending requests, reading answers) within a time
// budget, so the engine layer calls it from the main thread each frame; a server or tool can
// call StartBackgroundPump() instead. Transports answer on any thread; answers wait in an inbox
// until the next Tick().
//
// Delivery: at least once. An event leaves the queue (and the file) only when the server has
// answered for it: accepted, rejected one by one, refused as a bad batch (400), or too large
// alone (413). Network errors, 408, 429 and 5xx are retried with exponential backoff and jitter,
// never sooner than Retry-After. 401, 403 and other 4xx stop sending until the client is created
// again (a new launch or a new key), keeping the queue: retrying cannot fix a key or a URL. The
// exception: a signed request refused 401 SIGNATURE_EXPIRED with a Date header is sent again at
// once, signed on the server's clock learnt from that Date; only a second one in a row halts.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;

namespace GameTelemetry
{
    /// <summary>Optional replacements for the client's surroundings (tests, engines).</summary>
    public sealed class TelemetryServices
    {
        public IClock Clock;
        public IIdGenerator Ids;
        public IRandomSource Random;
        public IStorage Storage;
        public ITelemetryLogger Logger;
    }

    public sealed class TelemetryClient : IDisposable
    {
        public const string Version = "0.1.0";
        public const string SessionFile = "session.json";
        public const string PlayerFile = "player.id";
        private const double SessionSaveIntervalMs = 10000;
        private const double StorageRetryMs = 5000;
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);

        private readonly TelemetryConfig _config;
        private readonly IHttpTransport _transport;
        private readonly IClock _clock;
        private readonly IIdGenerator _ids;
        private readonly IRandomSource _random;
        private readonly ITelemetryLogger _log;
        private readonly object _gate = new object();
        private readonly object _inboxGate = new object();
        private readonly List<KeyValuePair<int, HttpResponse>> _inbox = new List<KeyValuePair<int, HttpResponse>>();
        private readonly TelemetryStats _stats = new TelemetryStats();

        private IStorage _storage;
        private bool _ownsStorage;
        private EventQueue _queue;
        private string _playerId;
        private string _eventsUrl;
        private bool _enabled;
        private bool _shutDown;
        private readonly string _initError;

        private Session _session;
        private double _lastSessionSave = double.NegativeInfinity;

        private bool _inFlight;
        private int _generation;
        private List<QueuedEvent> _batch;
        private int _sendLimit = Limits.MaxEventsPerRequest;
        private int _failures;
        private double _nextAttemptAt;
        private bool _flushRequested;
        private bool _halted;
        private long _serverSkewSeconds;
        // Events of the batch refused SIGNATURE_EXPIRED, to be sent again at once (0: none).
        private int _resignCount;
        // The request in flight is that resend: another SIGNATURE_EXPIRED halts.
        private bool _resignInFlight;
        private double _storageRetryAt = double.NegativeInfinity;
        private Thread _pump;
        private volatile bool _pumpStop;

        private sealed class Session
        {
            public string Id;
            public long StartedAtUnix;
            public double ActiveMs;
            public double ResumedAt;
            public bool Paused;
            public long PausedAtUnix;
        }

        public TelemetryClient(TelemetryConfig config, IHttpTransport transport, TelemetryServices services = null)
        {
            services = services ?? new TelemetryServices();
            _clock = services.Clock ?? new SystemClock();
            _ids = services.Ids ?? new GuidIdGenerator();
            _random = services.Random ?? new SystemRandomSource();
            _log = services.Logger ?? new NullLogger();
            _transport = transport;
            _config = config == null ? new TelemetryConfig() : config.Clone();

            _initError = CheckConfig(_config, transport);
            if (_initError != null)
            {
                _stats.LastError = _initError;
                _log.Log(LogLevel.Error, "not started: " + _initError);
                return;
            }
            _eventsUrl = _config.Endpoint.TrimEnd('/') + "/v1/events";
            OpenStorage(services.Storage);
            _playerId = string.IsNullOrEmpty(_config.PlayerId) ? LoadOrCreatePlayerId() : _config.PlayerId;
            _enabled = true;
            RecoverSession();
            _log.Log(LogLevel.Info, "started: key " + ApiKey.DisplayPrefix(_config.ApiKey) + ", endpoint " + _eventsUrl + ", " + _queue.Count + " event(s) waiting from earlier runs");
        }

        /// <summary>False when the configuration was refused (see InitError): every call is then ignored.</summary>
        public bool IsEnabled { get { return _enabled; } }

        public string InitError { get { return _initError; } }

        internal EventQueue QueueForTests { get { return _queue; } }

        public string PlayerId { get { return _playerId; } }

        /// <summary>The current session's id, or null between sessions.</summary>
        public string SessionId
        {
            get { lock (_gate) return _session == null ? null : _session.Id; }
        }

        public TelemetryStats Stats
        {
            get
            {
                lock (_gate)
                {
                    var s = _stats.Clone();
                    s.Queued = _queue == null ? 0 : _queue.Count;
                    s.Halted = _halted;
                    return s;
                }
            }
        }

        // ------------------------------------------------------------------ configuration

        private static string CheckConfig(TelemetryConfig c, IHttpTransport transport)
        {
            if (transport == null) return "no HTTP transport given";
            string key = ApiKey.Check(c.ApiKey);
            if (key == "KEY_MALFORMED") return "ApiKey is malformed (KEY_MALFORMED): copy the game client's key from the portal; it looks like gtk_live_<32 letters or digits>_<6 letters or digits>";
            if (key != null) return "ApiKey has a bad checksum (KEY_BAD_CHECKSUM): it was probably mistyped or cut; copy it again from the portal";
            Uri uri;
            if (string.IsNullOrEmpty(c.Endpoint) || !Uri.TryCreate(c.Endpoint, UriKind.Absolute, out uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            {
                return "Endpoint must be the ingestion service's http(s) base URL, e.g. https://ingest.example.com; got '" + c.Endpoint + "'";
            }
            if (!string.IsNullOrEmpty(c.PlayerId) && Text.CodePointLength(c.PlayerId) > Limits.IdMaxLength) return "PlayerId is longer than " + Limits.IdMaxLength + " characters";
            if (c.AppVersion != null && Text.CodePointLength(c.AppVersion) > Limits.AppVersionMaxLength) return "AppVersion is longer than " + Limits.AppVersionMaxLength + " characters";
            if (c.SdkName != null && Text.CodePointLength(c.SdkName) > Limits.SdkNameMaxLength) return "SdkName is longer than " + Limits.SdkNameMaxLength + " characters";
            if (c.SdkVersion != null && Text.CodePointLength(c.SdkVersion) > Limits.SdkVersionMaxLength) return "SdkVersion is longer than " + Limits.SdkVersionMaxLength + " characters";
            if (c.SigningSecret != null && c.SigningSecret.Length == 0) c.SigningSecret = null;
            c.BatchSize = Math.Max(1, Math.Min(Limits.MaxEventsPerRequest, c.BatchSize));
            c.FlushIntervalMs = Math.Max(0, c.FlushIntervalMs);
            c.SessionTimeoutMs = Math.Max(0, c.SessionTimeoutMs);
            c.InitialRetryDelayMs = Math.Max(1, c.InitialRetryDelayMs);
            c.MaxRetryDelayMs = Math.Max(c.InitialRetryDelayMs, c.MaxRetryDelayMs);
            c.MaxRetryAfterMs = Math.Max(0, c.MaxRetryAfterMs);
            c.MaxQueueSize = Math.Max(1, c.MaxQueueSize);
            c.MaxQueueBytes = Math.Max(Limits.MaxEventBytes, c.MaxQueueBytes);
            if (!(c.FrameBudgetMs > 0)) c.FrameBudgetMs = 2.0;
            c.RequestTimeoutMs = Math.Max(1000, c.RequestTimeoutMs);
            return null;
        }

        private void OpenStorage(IStorage given)
        {
            _storage = given;
            if (_storage == null && !string.IsNullOrEmpty(_config.StorageDirectory))
            {
                try
                {
                    _storage = new FileStorage(_config.StorageDirectory);
                    _ownsStorage = true;
                }
                catch (Exception e)
                {
                    if (!IsIoProblem(e)) throw;
                    _log.Log(LogLevel.Warning, "cannot use " + _config.StorageDirectory + " (" + e.Message + "); events are kept in memory only");
                }
            }
            if (_storage == null) _storage = new MemoryStorage();
            _queue = new EventQueue(_storage, _log);
            try
            {
                QueueLoadReport report = _queue.Open(_clock.MonotonicMillis - 1e12);
                _stats.DroppedCorrupt += report.CorruptRecords;
                if (report.CorruptRecords > 0) _log.Log(LogLevel.Warning, report.CorruptRecords + " damaged record(s) skipped in the queue file");
                if (report.Migrated) _log.Log(LogLevel.Info, "queue file upgraded from format version " + report.FormatVersion + " (" + report.Restored + " events)");
            }
            catch (Exception e)
            {
                if (!IsIoProblem(e)) throw;
                _log.Log(LogLevel.Warning, "cannot read the queue file (" + e.Message + "); events are kept in memory only");
                _storage = new MemoryStorage();
                _queue = new EventQueue(_storage, _log);
                _queue.Open(_clock.MonotonicMillis);
            }
            while (_queue.Count > _config.MaxQueueSize || _queue.Bytes > _config.MaxQueueBytes)
            {
                _queue.DropOldest();
                _stats.DroppedOverflow++;
            }
        }

        private static bool IsIoProblem(Exception e)
        {
            return e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is System.Security.SecurityException;
        }

        private string LoadOrCreatePlayerId()
        {
            try
            {
                byte[] saved = _storage.Read(PlayerFile);
                if (saved != null)
                {
                    string id = Utf8.GetString(saved).Trim();
                    if (id.Length > 0 && Text.CodePointLength(id) <= Limits.IdMaxLength) return id;
                }
                string fresh = _ids.NextId();
                _storage.Write(PlayerFile + ".tmp", Utf8.GetBytes(fresh), true);
                _storage.Replace(PlayerFile + ".tmp", PlayerFile);
                return fresh;
            }
            catch (Exception e)
            {
                if (!IsIoProblem(e)) throw;
                _log.Log(LogLevel.Warning, "cannot keep the player id (" + e.Message + "); using one for this run");
                return _ids.NextId();
            }
        }

        // ------------------------------------------------------------------ sessions

        /// <summary>
        /// Starts a session. A session already active is ended first (session_end), as in the other
        /// SDKs; events outside a session start one by themselves, so calling this is optional.
        /// </summary>
        public bool StartSession()
        {
            lock (_gate)
            {
                if (!_enabled) return false;
                if (_session != null) EndActiveSession();
                BeginSession();
                return true;
            }
        }

        /// <summary>Ends the session (session_end with its active duration) and sends what is queued.</summary>
        public bool EndSession()
        {
            lock (_gate)
            {
                if (!_enabled || _session == null) return false;
                EndActiveSession();
                _flushRequested = true;
                return true;
            }
        }

        private void EndActiveSession()
        {
            var s = _session;
            double activeMs = s.ActiveMs + (s.Paused ? 0 : _clock.MonotonicMillis - s.ResumedAt);
            // Ended while in the background: the session ended when the player left.
            CloseSession(s.Paused ? s.PausedAtUnix : _clock.UnixMillis, activeMs);
        }

        /// <summary>The game went to the background: the session's clock stops, queued events are written and sent.</summary>
        public void Pause()
        {
            lock (_gate)
            {
                if (!_enabled) return;
                var s = _session;
                if (s != null && !s.Paused)
                {
                    s.ActiveMs += _clock.MonotonicMillis - s.ResumedAt;
                    s.Paused = true;
                    s.PausedAtUnix = _clock.UnixMillis;
                    SaveSession();
                }
                _flushRequested = true;
                // The OS may end a backgrounded game without warning: everything goes to disk now.
                PersistNow(true);
            }
        }

        /// <summary>Back from the background: the session continues, or after SessionTimeoutMs a new one starts.</summary>
        public void Resume()
        {
            lock (_gate)
            {
                if (!_enabled) return;
                var s = _session;
                if (s == null || !s.Paused) return;
                // Wall-clock gap: a monotonic clock may stand still while the device sleeps.
                long gap = _clock.UnixMillis - s.PausedAtUnix;
                if (gap >= _config.SessionTimeoutMs)
                {
                    CloseSession(s.PausedAtUnix, s.ActiveMs);
                    BeginSession();
                }
                else
                {
                    s.Paused = false;
                    s.ResumedAt = _clock.MonotonicMillis;
                    SaveSession();
                }
            }
        }

        private void BeginSession()
        {
            var s = new Session
            {
                Id = _ids.NextId(),
                StartedAtUnix = _clock.UnixMillis,
                ResumedAt = _clock.MonotonicMillis,
            };
            _session = s;
            Enqueue(EventBuilder.Build(_ids.NextId(), "session_start", _playerId, s.Id, s.StartedAtUnix, null, null, _config));
            SaveSession();
        }

        private void CloseSession(long atUnix, double activeMs)
        {
            var sb = new StringBuilder();
            EventBuilder.Field(sb, "durationSeconds", DurationSeconds(activeMs));
            Enqueue(EventBuilder.Build(_ids.NextId(), "session_end", _playerId, _session.Id, atUnix, sb.ToString(), null, _config));
            _session = null;
            TryStorage(() => _storage.Delete(SessionFile));
        }

        /// <summary>Whole seconds, rounded half up as JavaScript's Math.round (the TypeScript SDK's rule).</summary>
        private static double DurationSeconds(double activeMs)
        {
            double seconds = Math.Floor(Math.Max(0, activeMs) / 1000.0 + 0.5);
            return Math.Min(seconds, Limits.MaxSessionDurationSeconds);
        }

        /// <summary>Keeps the session on disk, so that a killed game's session still gets its session_end at the next start.</summary>
        private void SaveSession()
        {
            var s = _session;
            if (s == null) return;
            double active = s.ActiveMs + (s.Paused ? 0 : _clock.MonotonicMillis - s.ResumedAt);
            var o = new JsonObject();
            o.Set("v", 1.0);
            o.Set("sessionId", s.Id);
            o.Set("playerId", _playerId);
            o.Set("startedAt", (double)s.StartedAtUnix);
            o.Set("activeMs", Math.Round(active));
            o.Set("lastSeenAt", (double)(s.Paused ? s.PausedAtUnix : _clock.UnixMillis));
            byte[] data = Utf8.GetBytes(Json.Stringify(o));
            _lastSessionSave = _clock.MonotonicMillis;
            TryStorage(() =>
            {
                _storage.Write(SessionFile + ".tmp", data, false);
                _storage.Replace(SessionFile + ".tmp", SessionFile);
            });
        }

        private void RecoverSession()
        {
            byte[] data = null;
            TryStorage(() => data = _storage.Read(SessionFile));
            if (data == null) return;
            var o = Json.TryParse(Utf8.GetString(data)) as JsonObject;
            string id = o == null ? null : o.GetString("sessionId");
            string player = o == null ? null : o.GetString("playerId");
            double? lastSeen = o == null ? null : o.GetNumber("lastSeenAt");
            double? active = o == null ? null : o.GetNumber("activeMs");
            if (id != null && player != null && lastSeen != null && active != null && Text.IsValidRequired(id, Limits.IdMaxLength))
            {
                // The previous run ended without closing its session (killed, crashed): close it as of its last sign of life.
                var sb = new StringBuilder();
                EventBuilder.Field(sb, "durationSeconds", DurationSeconds(active.Value));
                Enqueue(EventBuilder.Build(_ids.NextId(), "session_end", player, id, (long)lastSeen.Value, sb.ToString(), null, _config));
                _log.Log(LogLevel.Info, "closed session " + id + " left open by the previous run");
            }
            TryStorage(() => _storage.Delete(SessionFile));
        }

        // ------------------------------------------------------------------ events

        /// <summary>A design event, e.g. Track("Kill:Sword:Robot", 1). Name: 1-5 parts of A-Z a-z 0-9 _ . - joined by ':'.</summary>
        public bool Track(string name, double? value = null, IEnumerable<KeyValuePair<string, object>> properties = null)
        {
            if (!Text.IsValidDesignName(name))
            {
                return Refuse("Track: name '" + name + "' must be 1 to 5 parts of A-Z a-z 0-9 _ . - joined by ':' (at most 128 characters)");
            }
            if (value.HasValue && (double.IsNaN(value.Value) || double.IsInfinity(value.Value))) return Refuse("Track: value must be a finite number");
            var sb = new StringBuilder();
            EventBuilder.Field(sb, "name", name);
            if (value.HasValue) EventBuilder.Field(sb, "value", value.Value);
            return Emit("design", sb.ToString(), properties);
        }

        /// <summary>Track with a float value, sent as its shortest decimal (0.1f as 0.1).</summary>
        public bool Track(string name, float value, IEnumerable<KeyValuePair<string, object>> properties = null)
        {
            return Track(name, (double?)EventBuilder.FloatToDouble(value), properties);
        }

        /// <summary>A progression event: a level started, completed or failed. attempt counts from 1.</summary>
        public bool Progression(ProgressionStatus status, string level, double? score = null, int? attempt = null, IEnumerable<KeyValuePair<string, object>> properties = null)
        {
            string statusName = EventBuilder.StatusName(status);
            if (statusName == null) return Refuse("Progression: unknown status " + status);
            if (!Text.IsValidRequired(level, Limits.ProgressionLevelMaxLength)) return Refuse("Progression: level must be 1 to " + Limits.ProgressionLevelMaxLength + " characters");
            if (score.HasValue && (double.IsNaN(score.Value) || double.IsInfinity(score.Value))) return Refuse("Progression: score must be a finite number");
            if (attempt.HasValue && attempt.Value < 1) return Refuse("Progression: attempt counts from 1");
            var sb = new StringBuilder();
            EventBuilder.Field(sb, "status", statusName);
            EventBuilder.Field(sb, "level", level);
            if (score.HasValue) EventBuilder.Field(sb, "score", score.Value);
            if (attempt.HasValue) EventBuilder.Field(sb, "attempt", attempt.Value);
            return Emit("progression", sb.ToString(), properties);
        }

        /// <summary>A purchase. amount is in minor units (cents): 4.99 EUR is Purchase("EUR", 499, ...).</summary>
        public bool Purchase(string currency, long amount, string itemId, string itemType = null, string transactionId = null, IEnumerable<KeyValuePair<string, object>> properties = null)
        {
            if (!Text.IsValidCurrency(currency)) return Refuse("Purchase: currency must be an ISO 4217 code in capitals, e.g. EUR; got '" + currency + "'");
            if (amount < 0 || amount > Limits.PurchaseMaxAmount) return Refuse("Purchase: amount must be a whole number of minor units from 0 to 2^53-1");
            if (!Text.IsValidRequired(itemId, Limits.PurchaseItemIdMaxLength)) return Refuse("Purchase: itemId must be 1 to " + Limits.PurchaseItemIdMaxLength + " characters");
            if (itemType != null && Text.CodePointLength(itemType) > Limits.PurchaseItemTypeMaxLength) return Refuse("Purchase: itemType is longer than " + Limits.PurchaseItemTypeMaxLength + " characters");
            if (transactionId != null && Text.CodePointLength(transactionId) > Limits.PurchaseTransactionIdMaxLength) return Refuse("Purchase: transactionId is longer than " + Limits.PurchaseTransactionIdMaxLength + " characters");
            var sb = new StringBuilder();
            EventBuilder.Field(sb, "currency", currency);
            sb.Append(",\"amount\":").Append(amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            EventBuilder.Field(sb, "itemId", itemId);
            if (itemType != null) EventBuilder.Field(sb, "itemType", itemType);
            if (transactionId != null) EventBuilder.Field(sb, "transactionId", transactionId);
            return Emit("purchase", sb.ToString(), properties);
        }

        /// <summary>An error report. Messages longer than 8192 characters are cut.</summary>
        public bool Error(ErrorSeverity severity, string message, IEnumerable<KeyValuePair<string, object>> properties = null)
        {
            string severityName = EventBuilder.SeverityName(severity);
            if (severityName == null) return Refuse("Error: unknown severity " + severity);
            if (string.IsNullOrEmpty(message)) return Refuse("Error: message must not be empty");
            if (Text.CodePointLength(message) > Limits.ErrorMessageMaxLength) message = Text.TruncateCodePoints(message, Limits.ErrorMessageMaxLength);
            var sb = new StringBuilder();
            EventBuilder.Field(sb, "severity", severityName);
            EventBuilder.Field(sb, "message", message);
            return Emit("error", sb.ToString(), properties);
        }

        private bool Refuse(string why)
        {
            lock (_gate)
            {
                if (!_enabled) return false;
                _stats.Refused++;
                _stats.LastError = why;
            }
            _log.Log(LogLevel.Warning, "event refused: " + why);
            return false;
        }

        private const string PlaceholderId = "00000000-0000-4000-8000-000000000000";

        private bool Emit(string type, string fields, IEnumerable<KeyValuePair<string, object>> properties)
        {
            var problems = new List<string>();
            string props = EventBuilder.Properties(properties, problems);
            foreach (var p in problems) _log.Log(LogLevel.Warning, type + " event: " + p);
            lock (_gate)
            {
                if (!_enabled) return false;
                long now = _clock.UnixMillis;
                // Checked before any id is used: a refused call must leave no trace.
                string sessionForSize = _session != null ? _session.Id : PlaceholderId;
                string probe = EventBuilder.Build(PlaceholderId, type, _playerId, sessionForSize, now, fields, props, _config);
                if (Utf8.GetByteCount(probe) > Limits.MaxEventBytes)
                {
                    _stats.Refused++;
                    _stats.LastError = type + " event larger than " + Limits.MaxEventBytes + " bytes as JSON";
                    _log.Log(LogLevel.Warning, "event refused: " + _stats.LastError);
                    return false;
                }
                if (_session == null) BeginSession();
                Enqueue(EventBuilder.Build(_ids.NextId(), type, _playerId, _session.Id, now, fields, props, _config));
                return true;
            }
        }

        private void Enqueue(string json)
        {
            int bytes = Utf8.GetByteCount(json);
            while (_queue.Count > 0 && (_queue.Count >= _config.MaxQueueSize || _queue.Bytes + bytes > _config.MaxQueueBytes))
            {
                _queue.DropOldest();
                _stats.DroppedOverflow++;
                if (_stats.DroppedOverflow == 1 || _stats.DroppedOverflow % 1000 == 0)
                {
                    _log.Log(LogLevel.Warning, "queue full (" + _config.MaxQueueSize + " events / " + _config.MaxQueueBytes + " bytes): dropped the oldest event; " + _stats.DroppedOverflow + " dropped so far");
                }
            }
            _queue.Enqueue(json, _clock.MonotonicMillis);
            _stats.Enqueued++;
        }

        // ------------------------------------------------------------------ driving

        /// <summary>Asks for everything queued to be sent now (a wait after a failure is still honoured).</summary>
        public void Flush()
        {
            lock (_gate) _flushRequested = true;
        }

        /// <summary>Does the pending work within FrameBudgetMs: call it once per frame.</summary>
        public void Tick()
        {
            lock (_gate)
            {
                if (!_enabled) return;
                double start = _clock.MonotonicMillis;
                Func<bool> overBudget = () => _clock.MonotonicMillis - start >= _config.FrameBudgetMs;
                DrainInbox();
                if (!overBudget()) Persist(overBudget);
                if (!overBudget()) Compact(overBudget);
                if (!overBudget() && _session != null && !_session.Paused && _clock.MonotonicMillis - _lastSessionSave >= SessionSaveIntervalMs) SaveSession();
                if (!overBudget()) MaybeSend();
            }
        }

        private void Persist(Func<bool> overBudget)
        {
            if (!_queue.HasPendingWrites || _clock.MonotonicMillis < _storageRetryAt) return;
            try
            {
                _queue.WritePending(overBudget, false);
            }
            catch (Exception e)
            {
                if (!IsIoProblem(e)) throw;
                StorageFailed(e);
            }
        }

        private void PersistNow(bool sync)
        {
            try
            {
                _queue.WritePending(() => false, sync);
            }
            catch (Exception e)
            {
                if (!IsIoProblem(e)) throw;
                StorageFailed(e);
            }
        }

        private void Compact(Func<bool> overBudget)
        {
            if (_clock.MonotonicMillis < _storageRetryAt) return;
            try
            {
                _queue.CompactStep(overBudget);
            }
            catch (Exception e)
            {
                if (!IsIoProblem(e)) throw;
                _queue.AbortCompaction();
                StorageFailed(e);
            }
        }

        private void StorageFailed(Exception e)
        {
            _storageRetryAt = _clock.MonotonicMillis + StorageRetryMs;
            _log.Log(LogLevel.Warning, "cannot write the queue file (" + e.Message + "); retrying in " + (StorageRetryMs / 1000) + " s");
            if (_queue.PendingBytes > 4 * _config.MaxQueueBytes)
            {
                _queue.DiscardPending();
                _log.Log(LogLevel.Error, "the queue file keeps failing; events written since are kept in memory only");
            }
        }

        private void TryStorage(Action action)
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                if (!IsIoProblem(e)) throw;
                _log.Log(LogLevel.Warning, "storage: " + e.Message);
            }
        }

        private void MaybeSend()
        {
            if (_queue.Count == 0 && !_inFlight)
            {
                _flushRequested = false;
                // Everything went through: later events may be smaller than those that needed a lowered limit after a 413.
                _sendLimit = Limits.MaxEventsPerRequest;
            }
            if (_inFlight || _halted || _shutDown || _queue.Count == 0) return;
            if (_resignCount > 0)
            {
                SendBatch(_resignCount, true);
                return;
            }
            double now = _clock.MonotonicMillis;
            bool due = _failures > 0
                ? now >= _nextAttemptAt
                : _flushRequested || _queue.Count >= _config.BatchSize || now - _queue.OldestEnqueuedAt >= _config.FlushIntervalMs;
            if (due) SendBatch(Math.Min(_config.BatchSize, _sendLimit), false);
        }

        private void SendBatch(int maxEvents, bool resign)
        {
            _resignCount = 0;
            _resignInFlight = resign;
            _batch = _queue.Peek(maxEvents, Limits.MaxRequestBytes);
            var sb = new StringBuilder(_batch.Count * 300 + 16);
            sb.Append("{\"events\":[");
            for (int i = 0; i < _batch.Count; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append(_batch[i].Json);
            }
            sb.Append("]}");
            byte[] body = Utf8.GetBytes(sb.ToString());
            var request = new HttpRequest { Url = _eventsUrl, TimeoutMs = _config.RequestTimeoutMs };
            request.Headers.Add(new KeyValuePair<string, string>("Content-Type", "application/json"));
            request.Headers.Add(new KeyValuePair<string, string>("X-API-Key", _config.ApiKey));
            if (_config.SigningSecret != null)
            {
                long t = FloorDiv(_clock.UnixMillis, 1000) + _serverSkewSeconds;
                request.Headers.Add(new KeyValuePair<string, string>("X-Signature", Crypto.SignatureHeader(_config.SigningSecret, t, body)));
            }
            byte[] gzipped = _config.Compress && body.Length >= 1024 ? GzipCodec.TryCompress(body) : null;
            if (gzipped != null)
            {
                body = gzipped;
                request.Headers.Add(new KeyValuePair<string, string>("Content-Encoding", "gzip"));
            }
            request.Body = body;
            _inFlight = true;
            int generation = ++_generation;
            _stats.Requests++;
            try
            {
                _transport.Send(request, response => Deliver(generation, response));
            }
            catch (Exception e)
            {
                Deliver(generation, HttpResponse.Failed("transport threw " + e.GetType().Name + ": " + e.Message));
            }
        }

        private static long FloorDiv(long a, long b)
        {
            long q = a / b;
            return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
        }

        private void Deliver(int generation, HttpResponse response)
        {
            lock (_inboxGate) _inbox.Add(new KeyValuePair<int, HttpResponse>(generation, response ?? HttpResponse.Failed("no response")));
        }

        private void DrainInbox()
        {
            List<KeyValuePair<int, HttpResponse>> done;
            lock (_inboxGate)
            {
                if (_inbox.Count == 0) return;
                done = new List<KeyValuePair<int, HttpResponse>>(_inbox);
                _inbox.Clear();
            }
            foreach (var d in done)
            {
                if (d.Key == _generation && _inFlight) Handle(d.Value);
            }
        }

        private void Handle(HttpResponse r)
        {
            _inFlight = false;
            var batch = _batch;
            _batch = null;
            long lastSeq = batch[batch.Count - 1].Seq;
            int n = batch.Count;
            bool wasResign = _resignInFlight;
            _resignInFlight = false;
            bool learntClock = LearnServerClock(r);
            if (r.NetworkError)
            {
                RetryLater(null, "network error: " + r.ErrorMessage);
                return;
            }
            int s = r.Status;
            var answer = Json.TryParse(r.Body) as JsonObject;
            string code = answer == null ? null : answer.GetString("code");
            // Errors are problem details (RFC 9457): the human text is `detail`.
            string message = answer == null ? null : (answer.GetString("detail") ?? answer.GetString("message"));
            string describe = "HTTP " + s + (code != null ? " " + code : "") + (message != null ? ": " + message : "");
            if (s >= 200 && s < 300)
            {
                _queue.RemoveThrough(lastSeq);
                _failures = 0;
                int rejected = 0;
                var list = answer == null ? null : answer.GetArray("rejected");
                if (list != null)
                {
                    foreach (var item in list)
                    {
                        var rej = item as JsonObject;
                        if (rej == null) continue;
                        rejected++;
                        if (rejected <= 3) _log.Log(LogLevel.Warning, "event rejected by the server: " + rej.GetString("code") + ": " + rej.GetString("message"));
                    }
                }
                rejected = Math.Min(rejected, n);
                _stats.Rejected += rejected;
                _stats.Accepted += n - rejected;
                // A small write now keeps the window for a resend after a crash short.
                if (_queue.PendingBytes < 64 * 1024 && _clock.MonotonicMillis >= _storageRetryAt) PersistNow(false);
                return;
            }
            if (s == 413)
            {
                if (n > 1)
                {
                    _sendLimit = Math.Max(1, n / 2);
                    _log.Log(LogLevel.Info, "request too large (413); sending at most " + _sendLimit + " events per request");
                }
                else
                {
                    _queue.RemoveThrough(lastSeq);
                    _stats.DroppedTooLarge++;
                    _stats.LastError = "an event was too large for the server (413) and was dropped";
                    _log.Log(LogLevel.Warning, _stats.LastError);
                }
                return;
            }
            if (s == 408 || s == 425 || s == 429 || s >= 500)
            {
                long? retryAfter = Text.ParseRetryAfterMs(r.GetHeader("Retry-After"), _clock.UnixMillis);
                RetryLater(retryAfter.HasValue ? (long?)Math.Min(retryAfter.Value, _config.MaxRetryAfterMs) : null, describe);
                return;
            }
            if (s == 400 || s == 422)
            {
                _queue.RemoveThrough(lastSeq);
                _failures = 0;
                _stats.DroppedBadRequest += n;
                _stats.LastError = describe;
                _log.Log(LogLevel.Error, "the server refused a batch of " + n + " event(s) (" + describe + "); they were dropped, not retried");
                return;
            }
            if (s == 401 && code == "SIGNATURE_EXPIRED" && learntClock && _config.SigningSecret != null && !wasResign)
            {
                // The device clock is off by more than the server's window: the Date of this answer
                // corrected it, so the same batch goes again at once, re-signed (no backoff step).
                _resignCount = n;
                _stats.FailedRequests++;
                _stats.LastError = describe;
                _log.Log(LogLevel.Warning, "the device clock is " + Math.Abs(_serverSkewSeconds) + " s off the server's (" + describe + "); sending again at once, signed with the server's time");
                return;
            }
            if (s >= 400)
            {
                _halted = true;
                _stats.LastError = describe;
                bool signature = code != null && code.StartsWith("SIGNATURE_", StringComparison.Ordinal);
                _log.Log(LogLevel.Error, "sending stopped: " + describe + ". " + HaltAdvice(s, code) + " Events stay queued and are sent after the next start with a working " + (signature ? "signing secret." : "key."));
                return;
            }
            RetryLater(null, "unexpected " + describe);
        }

        private static string HaltAdvice(int status, string code)
        {
            if (status == 401 && code == "SIGNATURE_EXPIRED")
                return "Check the device clock (the request was signed outside the server's time window even on the server's time learnt from its Date header) and the signing secret.";
            if (status == 401 && code == "SIGNATURE_MISSING")
                return "Check the signing secret: set SigningSecret to one of this game client's secrets (portal, API keys, Request signing).";
            if (status == 401 && code != null && code.StartsWith("SIGNATURE_", StringComparison.Ordinal))
                return "Check the signing secret: SigningSecret must be a live signing secret of this game client (portal, API keys, Request signing).";
            if (status == 401) return "Check the API key: copy the game client's key from the portal, and that it is not revoked.";
            if (status == 403) return "The key is not allowed to send (the game client may be disabled).";
            if (status == 404 || status == 405) return "Check Endpoint: it must be the ingestion service's base URL (the SDK adds /v1/events).";
            return "This answer cannot be fixed by retrying.";
        }

        private void RetryLater(long? retryAfterMs, string why)
        {
            _stats.FailedRequests++;
            _failures++;
            double baseMs = Math.Min(_config.MaxRetryDelayMs, _config.InitialRetryDelayMs * Math.Pow(2, Math.Min(_failures - 1, 30)));
            double delay = baseMs * (0.5 + 0.5 * _random.NextDouble());
            if (retryAfterMs.HasValue) delay = Math.Max(delay, retryAfterMs.Value);
            _nextAttemptAt = _clock.MonotonicMillis + delay;
            _stats.LastError = why;
            _log.Log(_failures == 1 ? LogLevel.Info : LogLevel.Warning, "send failed (" + why + "); retry " + _failures + " in " + Math.Round(delay) + " ms");
        }

        /// <summary>Takes the server's clock from a readable Date header; true when there was one.</summary>
        private bool LearnServerClock(HttpResponse r)
        {
            if (r.NetworkError) return false;
            long? serverSeconds = Text.ParseHttpDate(r.GetHeader("Date"));
            if (!serverSeconds.HasValue) return false;
            _serverSkewSeconds = serverSeconds.Value - FloorDiv(_clock.UnixMillis, 1000);
            return true;
        }

        // ------------------------------------------------------------------ lifetime

        /// <summary>For servers and tools without a frame loop: calls Tick() every <paramref name="intervalMs"/> on a thread.</summary>
        public void StartBackgroundPump(int intervalMs = 50)
        {
            lock (_gate)
            {
                if (_pump != null || !_enabled) return;
                _pumpStop = false;
                _pump = new Thread(() =>
                {
                    while (!_pumpStop)
                    {
                        Tick();
                        Thread.Sleep(intervalMs);
                    }
                }) { IsBackground = true, Name = "GameTelemetry pump" };
                _pump.Start();
            }
        }

        /// <summary>
        /// Writes everything to disk and stops. With <paramref name="waitMs"/> &gt; 0, first keeps sending for up
        /// to that long (only useful where the transport completes off the calling thread, e.g. HttpClient).
        /// What is not sent stays on disk for the next start.
        /// </summary>
        public void Shutdown(int waitMs = 0)
        {
            Thread pump;
            lock (_gate)
            {
                if (!_enabled || _shutDown) return;
                _flushRequested = true;
                pump = _pump;
                _pumpStop = true;
                _pump = null;
            }
            if (pump != null && pump != Thread.CurrentThread) pump.Join(1000);
            if (waitMs > 0)
            {
                double until = _clock.MonotonicMillis + waitMs;
                while (_clock.MonotonicMillis < until)
                {
                    Tick();
                    bool idle;
                    lock (_gate) idle = !_inFlight && (_queue.Count == 0 || _halted || _failures > 0);
                    if (idle) break;
                    Thread.Sleep(5);
                }
            }
            lock (_gate)
            {
                DrainInbox();
                SaveSession();
                PersistNow(true);
                _shutDown = true;
                _enabled = false;
                var owned = _storage as IDisposable;
                if (_ownsStorage && owned != null) owned.Dispose();
            }
            _log.Log(LogLevel.Info, "stopped; " + _queue.Count + " event(s) kept for the next start");
        }

        public void Dispose()
        {
            Shutdown(0);
        }
    }
}
