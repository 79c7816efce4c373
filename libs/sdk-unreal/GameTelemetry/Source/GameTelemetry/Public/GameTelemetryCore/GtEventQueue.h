// The durable event queue: a FIFO of serialized events, in memory and in one journal file.
// The file format (shared with the Unity SDK) is described in GtEventQueue.cpp and in
// docs/sdk-unreal.md; version 1 files of older SDKs are read and rewritten as version 2.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "GameTelemetryCore/GtInterfaces.h"

namespace gt {

struct QueuedEvent {
    int64_t seq = 0;
    std::string json;
    size_t lineBytes = 0;
    /// Monotonic time it entered the queue (restored events count as old).
    double enqueuedAt = 0;
};

struct QueueLoadReport {
    size_t restored = 0;
    size_t corruptRecords = 0;
    int formatVersion = 2;
    bool migrated = false;
    std::string setAside;
    bool readFailed = false;
};

class EventQueue {
public:
    static const char* const kFileName;
    static const char* const kTempName;
    static const char* const kHeader;
    static constexpr int kCurrentVersion = 2;

    EventQueue(Storage& storage, Logger& logger);

    QueueLoadReport open(double restoredEnqueuedAt);

    size_t count() const { return items_.size(); }
    /// UTF-8 bytes of the queued events' JSON.
    size_t bytes() const { return liveJsonBytes_; }
    size_t journalBytes() const { return journalBytes_; }
    int64_t doneThrough() const { return doneThrough_; }
    bool hasPendingWrites() const { return !pending_.empty() || outOffset_ < out_.size(); }
    size_t pendingBytes() const { return pending_.size() + (out_.size() - outOffset_); }
    bool compacting() const { return compaction_.active; }
    double oldestEnqueuedAt() const;
    const QueuedEvent* head() const { return items_.empty() ? nullptr : &items_.front(); }

    const QueuedEvent& enqueue(std::string json, double now);
    /// Events from the head: at most maxCount, a body of at most maxBodyBytes, at least one.
    std::vector<const QueuedEvent*> peek(size_t maxCount, size_t maxBodyBytes) const;
    /// Removes every event with seq <= `seq`; returns how many.
    size_t removeThrough(int64_t seq);
    bool dropOldest();

    /// Appends pending records in chunks, stopping between chunks when overBudget() says so.
    /// False on an I/O error: the records stay pending for a later call.
    bool writePending(const std::function<bool()>& overBudget, bool sync);
    /// Forgets pending records (the disk keeps failing): the queue continues in memory.
    void discardPending();

    bool needsCompaction() const;
    void requestCompaction() { forceCompaction_ = true; }
    /// One step of compaction; false on an I/O error (the journal is untouched, see abortCompaction).
    bool compactStep(const std::function<bool()>& overBudget);
    void abortCompaction();

private:
    struct Compaction {
        bool active = false;
        std::vector<QueuedEvent> snapshot;
        size_t index = 0;
        int64_t maxSeq = 0;
        size_t bytes = 0;
    };

    std::string setAside(const std::string& suffix);
    bool readRecord(const std::string& line, std::vector<QueuedEvent>& loaded, int64_t& maxSeq);

    Storage& storage_;
    Logger& logger_;
    std::deque<QueuedEvent> items_;
    int64_t nextSeq_ = 1;
    int64_t doneThrough_ = 0;
    std::string pending_;
    std::string out_;
    size_t outOffset_ = 0;
    size_t journalBytes_ = 0;
    size_t liveLineBytes_ = 0;
    size_t liveJsonBytes_ = 0;
    bool forceCompaction_ = false;
    Compaction compaction_;
};

}  // namespace gt
