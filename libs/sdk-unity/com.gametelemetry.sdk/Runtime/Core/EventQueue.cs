// The durable event queue: a FIFO of serialized events, kept in memory and in one journal file.
//
// File format, version 2 (UTF-8 text, one record per line, '\n' ends every record):
//   {"format":"gt-queue","version":2}          header
//   E <seq> <crc> <event JSON>                 an event; seq grows by one per event, forever
//   D <seq> <crc>                              every event with seq <= this is done (sent or dropped)
//   Z <count> <crc>                            end of a compacted file (written before its rename)
// <crc> is CRC-32 (8 lowercase hex digits) of the line without its " <crc>" field, so a torn or
// damaged record is recognised and skipped. Events leave the queue only from its head (a sent
// batch, an overflow drop), which is why one "done through" watermark says everything.
//
// Version 1 (SDK 0.0.x) was a snapshot: the header with "version":1, then one event JSON per line.
// It is read and rewritten as version 2. A file of a newer version is set aside, not overwritten.
//
// Crash safety: new records are appended (a killed app keeps what the OS has; a torn last line
// is ignored). The journal alone is always the whole truth. Compaction copies the live events to
// events.gtq.tmp, first appending everything pending to the journal, then renames the copy over
// the journal in one step: killed before the rename, the journal is intact and the copy is thrown
// away at the next start; killed after it, the copy is the journal.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace GameTelemetry
{
    public sealed class QueuedEvent
    {
        public long Seq;
        public string Json;
        public int JsonBytes;
        public int LineBytes;
        /// <summary>Monotonic time it entered the queue (restored events count as old).</summary>
        public double EnqueuedAt;
    }

    public sealed class QueueLoadReport
    {
        public int Restored;
        public int CorruptRecords;
        public int FormatVersion;
        public bool Migrated;
        public string SetAside;
    }

    public sealed class EventQueue
    {
        public const string FileName = "events.gtq";
        public const string TempName = "events.gtq.tmp";
        public const int CurrentVersion = 2;
        public const string Header = "{\"format\":\"gt-queue\",\"version\":2}";
        private const int ChunkBytes = 64 * 1024;
        private const long CompactMinBytes = 64 * 1024;

        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);

        private readonly IStorage _storage;
        private readonly ITelemetryLogger _log;
        private readonly List<QueuedEvent> _items = new List<QueuedEvent>();
        private int _head;
        private long _nextSeq = 1;
        private long _doneThrough;
        private readonly StringBuilder _pending = new StringBuilder();
        private byte[] _out;
        private int _outOffset;
        private long _journalBytes;
        private long _liveLineBytes;
        private long _liveJsonBytes;
        private bool _forceCompaction;
        private Compaction _compaction;

        private sealed class Compaction
        {
            public QueuedEvent[] Snapshot;
            public int Index;
            public long MaxSeq;
            public long Bytes;
        }

        public EventQueue(IStorage storage, ITelemetryLogger log)
        {
            _storage = storage;
            _log = log ?? new NullLogger();
        }

        public int Count { get { return _items.Count - _head; } }

        /// <summary>UTF-8 bytes of the queued events' JSON.</summary>
        public long Bytes { get { return _liveJsonBytes; } }

        public long JournalBytes { get { return _journalBytes; } }

        public long DoneThrough { get { return _doneThrough; } }

        public bool HasPendingWrites { get { return _pending.Length > 0 || _out != null; } }

        public bool Compacting { get { return _compaction != null; } }

        public double OldestEnqueuedAt { get { return Count > 0 ? _items[_head].EnqueuedAt : double.PositiveInfinity; } }

        public QueuedEvent Head { get { return Count > 0 ? _items[_head] : null; } }

        // ------------------------------------------------------------------ lines

        private static string Crc(string content)
        {
            return Crypto.Crc32(content).ToString("x8", CultureInfo.InvariantCulture);
        }

        private static string EventLine(long seq, string json)
        {
            string s = seq.ToString(CultureInfo.InvariantCulture);
            return "E " + s + " " + Crc("E " + s + " " + json) + " " + json + "\n";
        }

        private static string MarkLine(char kind, long n)
        {
            string s = n.ToString(CultureInfo.InvariantCulture);
            return kind + " " + s + " " + Crc(kind + " " + s) + "\n";
        }

        // ------------------------------------------------------------------ opening

        /// <summary>Reads the journal (recovering from an interrupted compaction or an older format).</summary>
        public QueueLoadReport Open(double restoredEnqueuedAt)
        {
            var report = new QueueLoadReport { FormatVersion = CurrentVersion };
            byte[] data = _storage.Read(FileName);
            if (data == null)
            {
                // Only possible between the delete and the rename of a non-atomic replace.
                byte[] tmp = _storage.Read(TempName);
                if (tmp != null && IsCompleteCompaction(tmp))
                {
                    _storage.Replace(TempName, FileName);
                    data = tmp;
                }
            }
            if (_storage.Exists(TempName)) _storage.Delete(TempName);
            if (data == null || data.Length == 0)
            {
                _pending.Append(Header).Append('\n');
                return report;
            }
            string text = Utf8.GetString(data);
            string[] lines = text.Split('\n');
            // The piece after the last '\n' is a record the app was killed while writing.
            string torn = lines[lines.Length - 1];
            if (torn.Length > 0) report.CorruptRecords++;
            var header = Json.TryParse(lines[0]) as JsonObject;
            double? version = header != null && header.GetString("format") == "gt-queue" ? header.GetNumber("version") : null;
            if (version == null)
            {
                report.SetAside = SetAside(".corrupt");
                _log.Log(LogLevel.Warning, "queue file is not a gt-queue file; moved to " + report.SetAside + " and starting empty");
                _pending.Append(Header).Append('\n');
                return report;
            }
            report.FormatVersion = (int)version.Value;
            if (version.Value > CurrentVersion)
            {
                // Written by a newer SDK (the game was downgraded): keep it for that SDK, start empty.
                report.SetAside = SetAside(".v" + report.FormatVersion.ToString(CultureInfo.InvariantCulture));
                _log.Log(LogLevel.Warning, "queue file has format version " + report.FormatVersion + ", newer than this SDK's; moved to " + report.SetAside);
                _pending.Append(Header).Append('\n');
                return report;
            }
            var loaded = new List<QueuedEvent>();
            if (version.Value == 1)
            {
                for (int i = 1; i < lines.Length - 1; i++)
                {
                    string line = lines[i];
                    if (line.Length == 0) continue;
                    if (Json.TryParse(line) is JsonObject) loaded.Add(new QueuedEvent { Seq = _nextSeq++, Json = line });
                    else report.CorruptRecords++;
                }
                report.Migrated = true;
                _forceCompaction = true;
            }
            else
            {
                long maxSeq = 0;
                for (int i = 1; i < lines.Length - 1; i++)
                {
                    string line = lines[i];
                    if (line.Length == 0) continue;
                    if (!ReadRecord(line, loaded, ref maxSeq)) report.CorruptRecords++;
                }
                _nextSeq = Math.Max(maxSeq, _doneThrough) + 1;
            }
            // Appended records ascend; a sort keeps the order right even after a damaged file.
            loaded.Sort((a, b) => a.Seq.CompareTo(b.Seq));
            long lastSeq = 0;
            foreach (var e in loaded)
            {
                if (e.Seq <= _doneThrough || e.Seq == lastSeq) continue;
                lastSeq = e.Seq;
                e.JsonBytes = Utf8.GetByteCount(e.Json);
                e.LineBytes = Utf8.GetByteCount(EventLine(e.Seq, e.Json));
                e.EnqueuedAt = restoredEnqueuedAt;
                _items.Add(e);
                _liveJsonBytes += e.JsonBytes;
                _liveLineBytes += e.LineBytes;
            }
            _journalBytes = data.Length;
            report.Restored = Count;
            if (report.Migrated)
            {
                // Rewritten now, before anything is appended: version-2 records must never land in a version-1 file.
                CompactStep(() => false);
                return report;
            }
            // Never append to a torn last line: the next record starts on a line of its own.
            if (data[data.Length - 1] != (byte)'\n') _pending.Append('\n');
            return report;
        }

        private bool ReadRecord(string line, List<QueuedEvent> loaded, ref long maxSeq)
        {
            if (line.Length < 4 || line[1] != ' ') return false;
            char kind = line[0];
            int s2 = line.IndexOf(' ', 2);
            if (s2 < 0) return false;
            long n;
            if (!long.TryParse(line.Substring(2, s2 - 2), NumberStyles.None, CultureInfo.InvariantCulture, out n)) return false;
            int s3 = line.IndexOf(' ', s2 + 1);
            string crc = s3 < 0 ? line.Substring(s2 + 1) : line.Substring(s2 + 1, s3 - s2 - 1);
            string payload = s3 < 0 ? null : line.Substring(s3 + 1);
            string content = kind + " " + line.Substring(2, s2 - 2) + (payload == null ? "" : " " + payload);
            if (crc != Crc(content)) return false;
            switch (kind)
            {
                case 'E':
                    if (payload == null) return false;
                    loaded.Add(new QueuedEvent { Seq = n, Json = payload });
                    if (n > maxSeq) maxSeq = n;
                    return true;
                case 'D':
                    if (n > _doneThrough) _doneThrough = n;
                    return true;
                default:
                    // Z, and record kinds a later 2.x SDK may add: nothing to do.
                    return true;
            }
        }

        private static bool IsCompleteCompaction(byte[] data)
        {
            string text = Utf8.GetString(data);
            if (text.Length < 2 || !text.EndsWith("\n")) return false;
            int start = text.LastIndexOf('\n', text.Length - 2) + 1;
            return text.Substring(start).StartsWith("Z ", StringComparison.Ordinal);
        }

        private string SetAside(string suffix)
        {
            string name = FileName + suffix;
            try
            {
                if (_storage.Exists(name)) _storage.Delete(name);
                _storage.Replace(FileName, name);
                return name;
            }
            catch (Exception e)
            {
                if (!(e is System.IO.IOException) && !(e is UnauthorizedAccessException)) throw;
                _storage.Delete(FileName);
                return "(deleted: " + e.Message + ")";
            }
        }

        // ------------------------------------------------------------------ queue operations

        public QueuedEvent Enqueue(string json, double now)
        {
            var e = new QueuedEvent { Seq = _nextSeq++, Json = json, EnqueuedAt = now };
            string line = EventLine(e.Seq, json);
            e.JsonBytes = Utf8.GetByteCount(json);
            e.LineBytes = Utf8.GetByteCount(line);
            _items.Add(e);
            _liveJsonBytes += e.JsonBytes;
            _liveLineBytes += e.LineBytes;
            _pending.Append(line);
            return e;
        }

        /// <summary>Events from the head: at most <paramref name="maxCount"/>, a body of at most <paramref name="maxBodyBytes"/>, at least one.</summary>
        public List<QueuedEvent> Peek(int maxCount, long maxBodyBytes)
        {
            var batch = new List<QueuedEvent>();
            long body = 13; // {"events":[ and ]}
            for (int i = _head; i < _items.Count && batch.Count < maxCount; i++)
            {
                var e = _items[i];
                long next = body + e.JsonBytes + (batch.Count > 0 ? 1 : 0);
                if (batch.Count > 0 && next > maxBodyBytes) break;
                batch.Add(e);
                body = next;
            }
            return batch;
        }

        /// <summary>Removes every queued event with seq &lt;= <paramref name="seq"/>; returns how many.</summary>
        public int RemoveThrough(long seq)
        {
            int removed = 0;
            while (Count > 0 && _items[_head].Seq <= seq)
            {
                var e = _items[_head];
                _items[_head] = null;
                _head++;
                _liveJsonBytes -= e.JsonBytes;
                _liveLineBytes -= e.LineBytes;
                removed++;
            }
            if (seq > _doneThrough)
            {
                _doneThrough = seq;
                _pending.Append(MarkLine('D', seq));
            }
            if (_head > 1024 && _head * 2 > _items.Count)
            {
                _items.RemoveRange(0, _head);
                _head = 0;
            }
            return removed;
        }

        /// <summary>Drops the oldest event (the queue is full); returns it.</summary>
        public QueuedEvent DropOldest()
        {
            var head = Head;
            if (head != null) RemoveThrough(head.Seq);
            return head;
        }

        // ------------------------------------------------------------------ writing

        /// <summary>
        /// Appends pending records to the journal in chunks, stopping between chunks when
        /// <paramref name="overBudget"/> says so. Returns false when nothing could be written
        /// (an I/O error): the records stay pending and the caller tries again later.
        /// </summary>
        public bool WritePending(Func<bool> overBudget, bool sync)
        {
            if (_pending.Length > 0)
            {
                byte[] fresh = Utf8.GetBytes(_pending.ToString());
                _pending.Length = 0;
                if (_out == null)
                {
                    _out = fresh;
                    _outOffset = 0;
                }
                else
                {
                    var merged = new byte[_out.Length - _outOffset + fresh.Length];
                    Buffer.BlockCopy(_out, _outOffset, merged, 0, _out.Length - _outOffset);
                    Buffer.BlockCopy(fresh, 0, merged, _out.Length - _outOffset, fresh.Length);
                    _out = merged;
                    _outOffset = 0;
                }
            }
            if (_out == null) return true;
            while (_outOffset < _out.Length)
            {
                int n = Math.Min(ChunkBytes, _out.Length - _outOffset);
                bool last = _outOffset + n == _out.Length;
                _storage.Append(FileName, _out, _outOffset, n, sync && last);
                _outOffset += n;
                _journalBytes += n;
                if (!last && overBudget()) return true;
            }
            _out = null;
            _outOffset = 0;
            return true;
        }

        /// <summary>Bytes waiting to be written (to notice a disk that keeps failing).</summary>
        public long PendingBytes
        {
            get { return _pending.Length + (_out == null ? 0 : _out.Length - _outOffset); }
        }

        /// <summary>Forgets pending records: the queue continues in memory only.</summary>
        public void DiscardPending()
        {
            _pending.Length = 0;
            _out = null;
            _outOffset = 0;
        }

        public bool NeedsCompaction
        {
            get { return _forceCompaction || (_journalBytes >= CompactMinBytes && _journalBytes > 4 * (_liveLineBytes + 1024)); }
        }

        /// <summary>Forces a compaction at the next step (tests, and after opening an older format).</summary>
        public void RequestCompaction()
        {
            _forceCompaction = true;
        }

        /// <summary>
        /// One step of compaction: copies live events to the temporary file in chunks while the
        /// budget lasts, and once all are copied, commits with one rename. Returns true when a
        /// compaction finished in this call.
        /// </summary>
        public bool CompactStep(Func<bool> overBudget)
        {
            if (_compaction == null)
            {
                if (!NeedsCompaction) return false;
                _storage.Delete(TempName);
                byte[] head = Utf8.GetBytes(Header + "\n" + MarkLine('D', _doneThrough));
                _storage.Append(TempName, head, 0, head.Length, false);
                var snapshot = new QueuedEvent[Count];
                _items.CopyTo(_head, snapshot, 0, Count);
                _compaction = new Compaction { Snapshot = snapshot, MaxSeq = _nextSeq - 1, Bytes = head.Length };
                if (overBudget()) return false;
            }
            var c = _compaction;
            var sb = new StringBuilder();
            while (c.Index < c.Snapshot.Length)
            {
                sb.Length = 0;
                while (c.Index < c.Snapshot.Length && sb.Length < ChunkBytes)
                {
                    var e = c.Snapshot[c.Index++];
                    sb.Append(EventLine(e.Seq, e.Json));
                }
                byte[] chunk = Utf8.GetBytes(sb.ToString());
                _storage.Append(TempName, chunk, 0, chunk.Length, false);
                c.Bytes += chunk.Length;
                if (c.Index < c.Snapshot.Length && overBudget()) return false;
            }
            // The journal first gets everything pending, so it stays the whole truth until the rename.
            WritePending(() => false, true);
            sb.Length = 0;
            for (int i = _head; i < _items.Count; i++)
            {
                if (_items[i].Seq > c.MaxSeq) sb.Append(EventLine(_items[i].Seq, _items[i].Json));
            }
            sb.Append(MarkLine('D', _doneThrough));
            sb.Append(MarkLine('Z', Count));
            byte[] tail = Utf8.GetBytes(sb.ToString());
            _storage.Append(TempName, tail, 0, tail.Length, true);
            _storage.Replace(TempName, FileName);
            _journalBytes = c.Bytes + tail.Length;
            _compaction = null;
            _forceCompaction = false;
            return true;
        }

        /// <summary>Gives up a compaction in progress (after an I/O error); the journal is untouched.</summary>
        public void AbortCompaction()
        {
            _compaction = null;
            try
            {
                _storage.Delete(TempName);
            }
            catch (System.IO.IOException)
            {
            }
        }
    }
}
