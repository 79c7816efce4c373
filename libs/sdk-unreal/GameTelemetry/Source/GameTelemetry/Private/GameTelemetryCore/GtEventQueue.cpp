// File format, version 2 (UTF-8 text, one record per line, '\n' ends every record):
//   {"format":"gt-queue","version":2}          header
//   E <seq> <crc> <event JSON>                 an event; seq grows by one per event, forever
//   D <seq> <crc>                              every event with seq <= this is done (sent or dropped)
//   Z <count> <crc>                            end of a compacted file (written before its rename)
// <crc> is CRC-32 (8 lowercase hex digits) of the line without its " <crc>" field, so a torn or
// damaged record is recognised and skipped. Events leave the queue only from its head (a sent
// batch, an overflow drop), so one "done through" watermark says everything.
//
// Version 1 (SDK 0.0.x) was a snapshot: the header with "version":1, then one event JSON per line.
// It is read and rewritten as version 2 at once. A file of a newer version is set aside.
//
// Crash safety: new records are appended (a killed app keeps what the OS has; a torn last line
// is ignored). The journal alone is always the whole truth. Compaction copies the live events to
// events.gtq.tmp, first appending everything pending to the journal, then renames the copy over
// the journal in one step: killed before the rename, the journal is intact and the copy is
// thrown away at the next start; killed after it, the copy is the journal. Where a rename cannot
// replace (Windows), the journal is deleted first; killed in between, the complete copy (its last
// record is Z) is taken as the journal.
#include "GameTelemetryCore/GtEventQueue.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "GameTelemetryCore/GtCrypto.h"
#include "GameTelemetryCore/GtText.h"

namespace gt {
namespace detail_queue {

constexpr size_t kChunkBytes = 64 * 1024;
constexpr size_t kCompactMinBytes = 64 * 1024;

std::string crcHex(const std::string& content) {
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(crc32(content)));
    return buf;
}

std::string eventLine(int64_t seq, const std::string& json) {
    const std::string s = std::to_string(static_cast<long long>(seq));
    return "E " + s + " " + crcHex("E " + s + " " + json) + " " + json + "\n";
}

std::string markLine(char kind, int64_t n) {
    const std::string s = std::to_string(static_cast<long long>(n));
    std::string content(1, kind);
    content += " " + s;
    return content.substr(0, 1) + " " + s + " " + crcHex(content) + "\n";
}

bool parseInt64(const std::string& s, int64_t& out) {
    if (s.empty() || s.size() > 18) return false;
    int64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

bool isCompleteCompaction(const std::string& text) {
    if (text.size() < 2 || text.back() != '\n') return false;
    const size_t prev = text.rfind('\n', text.size() - 2);
    const size_t start = prev == std::string::npos ? 0 : prev + 1;
    return text.compare(start, 2, "Z ") == 0;
}

}  // namespace detail_queue

const char* const EventQueue::kFileName = "events.gtq";
const char* const EventQueue::kTempName = "events.gtq.tmp";
const char* const EventQueue::kHeader = "{\"format\":\"gt-queue\",\"version\":2}";

EventQueue::EventQueue(Storage& storage, Logger& logger) : storage_(storage), logger_(logger) {}

double EventQueue::oldestEnqueuedAt() const {
    return items_.empty() ? 1e300 : items_.front().enqueuedAt;
}

std::string EventQueue::setAside(const std::string& suffix) {
    const std::string name = std::string(kFileName) + suffix;
    storage_.remove(name);
    if (storage_.replace(kFileName, name)) return name;
    storage_.remove(kFileName);
    return "(deleted)";
}

QueueLoadReport EventQueue::open(double restoredEnqueuedAt) {
    QueueLoadReport report;
    std::string data;
    bool haveData = storage_.read(kFileName, data);
    if (!haveData) {
        if (storage_.exists(kFileName)) {
            report.readFailed = true;
            return report;
        }
        std::string tmp;
        if (storage_.read(kTempName, tmp) && detail_queue::isCompleteCompaction(tmp)) {
            if (storage_.replace(kTempName, kFileName)) {
                data = tmp;
                haveData = true;
            }
        }
    }
    if (storage_.exists(kTempName)) storage_.remove(kTempName);
    if (!haveData || data.empty()) {
        pending_ += kHeader;
        pending_ += '\n';
        return report;
    }
    std::vector<std::string> lines;
    size_t start = 0;
    for (;;) {
        const size_t nl = data.find('\n', start);
        if (nl == std::string::npos) {
            lines.push_back(data.substr(start));
            break;
        }
        lines.push_back(data.substr(start, nl - start));
        start = nl + 1;
    }
    // The piece after the last '\n' is a record the app was killed while writing.
    if (!lines.back().empty()) report.corruptRecords++;
    JsonValue header;
    double version = 0;
    if (JsonValue::parse(lines[0], header) && header.getString("format") == "gt-queue" && header.get("version") &&
        header.get("version")->isNumber()) {
        version = header.getNumber("version");
    }
    if (version < 1) {
        report.setAside = setAside(".corrupt");
        logger_.log(LogLevel::Warning, "queue file is not a gt-queue file; moved to " + report.setAside + " and starting empty");
        pending_ += kHeader;
        pending_ += '\n';
        return report;
    }
    report.formatVersion = static_cast<int>(version);
    if (version > kCurrentVersion) {
        // Written by a newer SDK (the game was downgraded): keep it for that SDK, start empty.
        report.setAside = setAside(".v" + std::to_string(report.formatVersion));
        logger_.log(LogLevel::Warning, "queue file has format version " + std::to_string(report.formatVersion) +
                                           ", newer than this SDK's; moved to " + report.setAside);
        pending_ += kHeader;
        pending_ += '\n';
        return report;
    }
    std::vector<QueuedEvent> loaded;
    if (report.formatVersion == 1) {
        for (size_t i = 1; i + 1 < lines.size(); ++i) {
            if (lines[i].empty()) continue;
            JsonValue e;
            if (JsonValue::parse(lines[i], e) && e.isObject()) {
                QueuedEvent q;
                q.seq = nextSeq_++;
                q.json = lines[i];
                loaded.push_back(std::move(q));
            } else {
                report.corruptRecords++;
            }
        }
        report.migrated = true;
        forceCompaction_ = true;
    } else {
        int64_t maxSeq = 0;
        for (size_t i = 1; i + 1 < lines.size(); ++i) {
            if (lines[i].empty()) continue;
            if (!readRecord(lines[i], loaded, maxSeq)) report.corruptRecords++;
        }
        nextSeq_ = (std::max)(maxSeq, doneThrough_) + 1;
    }
    // Appended records ascend; a sort keeps the order right even after a damaged file.
    std::stable_sort(loaded.begin(), loaded.end(), [](const QueuedEvent& a, const QueuedEvent& b) { return a.seq < b.seq; });
    int64_t lastSeq = 0;
    for (auto& e : loaded) {
        if (e.seq <= doneThrough_ || e.seq == lastSeq) continue;
        lastSeq = e.seq;
        e.lineBytes = detail_queue::eventLine(e.seq, e.json).size();
        e.enqueuedAt = restoredEnqueuedAt;
        liveJsonBytes_ += e.json.size();
        liveLineBytes_ += e.lineBytes;
        items_.push_back(std::move(e));
    }
    journalBytes_ = data.size();
    report.restored = items_.size();
    if (report.migrated) {
        // Rewritten now, before anything is appended: version-2 records must never land in a version-1 file.
        compactStep([] { return false; });
        return report;
    }
    // Never append to a torn last line: the next record starts on a line of its own.
    if (data.back() != '\n') pending_ += '\n';
    return report;
}

bool EventQueue::readRecord(const std::string& line, std::vector<QueuedEvent>& loaded, int64_t& maxSeq) {
    if (line.size() < 4 || line[1] != ' ') return false;
    const char kind = line[0];
    const size_t s2 = line.find(' ', 2);
    if (s2 == std::string::npos) return false;
    const std::string seqText = line.substr(2, s2 - 2);
    int64_t n = 0;
    if (!detail_queue::parseInt64(seqText, n)) return false;
    const size_t s3 = line.find(' ', s2 + 1);
    const std::string crc = s3 == std::string::npos ? line.substr(s2 + 1) : line.substr(s2 + 1, s3 - s2 - 1);
    const bool hasPayload = s3 != std::string::npos;
    std::string content(1, kind);
    content += " " + seqText;
    if (hasPayload) content += " " + line.substr(s3 + 1);
    if (crc != detail_queue::crcHex(content)) return false;
    switch (kind) {
        case 'E': {
            if (!hasPayload) return false;
            QueuedEvent e;
            e.seq = n;
            e.json = line.substr(s3 + 1);
            loaded.push_back(std::move(e));
            if (n > maxSeq) maxSeq = n;
            return true;
        }
        case 'D':
            if (n > doneThrough_) doneThrough_ = n;
            return true;
        default:
            // Z, and record kinds a later 2.x SDK may add: nothing to do.
            return true;
    }
}

const QueuedEvent& EventQueue::enqueue(std::string json, double now) {
    QueuedEvent e;
    e.seq = nextSeq_++;
    std::string line = detail_queue::eventLine(e.seq, json);
    e.lineBytes = line.size();
    e.enqueuedAt = now;
    liveJsonBytes_ += json.size();
    liveLineBytes_ += e.lineBytes;
    e.json = std::move(json);
    pending_ += line;
    items_.push_back(std::move(e));
    return items_.back();
}

std::vector<const QueuedEvent*> EventQueue::peek(size_t maxCount, size_t maxBodyBytes) const {
    std::vector<const QueuedEvent*> batch;
    size_t body = 13;  // {"events":[ and ]}
    for (const auto& e : items_) {
        if (batch.size() >= maxCount) break;
        const size_t next = body + e.json.size() + (batch.empty() ? 0 : 1);
        if (!batch.empty() && next > maxBodyBytes) break;
        batch.push_back(&e);
        body = next;
    }
    return batch;
}

size_t EventQueue::removeThrough(int64_t seq) {
    size_t removed = 0;
    while (!items_.empty() && items_.front().seq <= seq) {
        liveJsonBytes_ -= items_.front().json.size();
        liveLineBytes_ -= items_.front().lineBytes;
        items_.pop_front();
        ++removed;
    }
    if (seq > doneThrough_) {
        doneThrough_ = seq;
        pending_ += detail_queue::markLine('D', seq);
    }
    return removed;
}

bool EventQueue::dropOldest() {
    if (items_.empty()) return false;
    removeThrough(items_.front().seq);
    return true;
}

bool EventQueue::writePending(const std::function<bool()>& overBudget, bool sync) {
    if (!pending_.empty()) {
        if (outOffset_ >= out_.size()) {
            out_.swap(pending_);
            outOffset_ = 0;
        } else {
            out_.erase(0, outOffset_);
            outOffset_ = 0;
            out_ += pending_;
        }
        pending_.clear();
    }
    while (outOffset_ < out_.size()) {
        const size_t n = (std::min)(detail_queue::kChunkBytes, out_.size() - outOffset_);
        const bool last = outOffset_ + n == out_.size();
        if (!storage_.append(kFileName, out_.data() + outOffset_, n, sync && last)) return false;
        outOffset_ += n;
        journalBytes_ += n;
        if (!last && overBudget()) return true;
    }
    out_.clear();
    outOffset_ = 0;
    return true;
}

void EventQueue::discardPending() {
    pending_.clear();
    out_.clear();
    outOffset_ = 0;
}

bool EventQueue::needsCompaction() const {
    return forceCompaction_ ||
           (journalBytes_ >= detail_queue::kCompactMinBytes && journalBytes_ > 4 * (liveLineBytes_ + 1024));
}

bool EventQueue::compactStep(const std::function<bool()>& overBudget) {
    if (!compaction_.active) {
        if (!needsCompaction()) return true;
        storage_.remove(kTempName);
        const std::string head = std::string(kHeader) + "\n" + detail_queue::markLine('D', doneThrough_);
        if (!storage_.append(kTempName, head.data(), head.size(), false)) return false;
        compaction_.active = true;
        compaction_.snapshot.assign(items_.begin(), items_.end());
        compaction_.index = 0;
        compaction_.maxSeq = nextSeq_ - 1;
        compaction_.bytes = head.size();
        if (overBudget()) return true;
    }
    std::string chunk;
    while (compaction_.index < compaction_.snapshot.size()) {
        chunk.clear();
        while (compaction_.index < compaction_.snapshot.size() && chunk.size() < detail_queue::kChunkBytes) {
            const QueuedEvent& e = compaction_.snapshot[compaction_.index++];
            chunk += detail_queue::eventLine(e.seq, e.json);
        }
        if (!storage_.append(kTempName, chunk.data(), chunk.size(), false)) return false;
        compaction_.bytes += chunk.size();
        if (compaction_.index < compaction_.snapshot.size() && overBudget()) return true;
    }
    // The journal first gets everything pending, so it stays the whole truth until the rename.
    if (!writePending([] { return false; }, true)) return false;
    std::string tail;
    for (const auto& e : items_) {
        if (e.seq > compaction_.maxSeq) tail += detail_queue::eventLine(e.seq, e.json);
    }
    tail += detail_queue::markLine('D', doneThrough_);
    tail += detail_queue::markLine('Z', static_cast<int64_t>(items_.size()));
    if (!storage_.append(kTempName, tail.data(), tail.size(), true)) return false;
    if (!storage_.replace(kTempName, kFileName)) return false;
    journalBytes_ = compaction_.bytes + tail.size();
    compaction_ = Compaction();
    forceCompaction_ = false;
    return true;
}

void EventQueue::abortCompaction() {
    compaction_ = Compaction();
    storage_.remove(kTempName);
}

}  // namespace gt
