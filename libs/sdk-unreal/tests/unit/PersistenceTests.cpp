// The durable queue: restarts, kills between write and rename (simulated with a storage that goes
// dead, and for real with fork and SIGKILL), torn and damaged records, older and newer file
// versions, bounds, compaction and a failing disk.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "TestDoubles.h"

namespace gt {
namespace test {
namespace {

const std::string kHeaderLine = std::string(EventQueue::kHeader) + "\n";

std::vector<std::string> allSentIds(FakeTransport& t) {
    std::vector<std::string> ids;
    for (const auto& s : t.all) {
        for (const auto& id : s->eventIds()) ids.push_back(id);
    }
    return ids;
}

TEST(Persistence, QueuedEventsSurviveAKillAndAreSentOnceAtTheNextStart) {
    Harness h;
    h.start();
    h.client->track("A");
    h.client->track("B");
    h.pump();
    EXPECT_EQ(0u, h.transport->count());
    auto next = h.restart();
    next->pump();
    ASSERT_NE(nullptr, next->transport->outstanding());
    EXPECT_EQ((std::vector<std::string>{"session_start", "design", "design", "session_end"}), next->transport->outstanding()->types());
    next->transport->accept();
    next->pump();
    auto third = next->restart();
    third->pump();
    third->advance(60000);
    EXPECT_EQ(0u, third->transport->count());
}

TEST(Persistence, KillBetweenWriteAndRenameOfACompactionLosesAndRevivesNothing) {
    Harness h;
    h.transport->autoRespond = FakeTransport::accepted;
    h.config.batchSize = 50;
    h.start();
    for (int i = 0; i < 400; ++i) h.client->track("Delivered:" + std::to_string(i));
    h.client->flush();
    h.pump(40);
    ASSERT_EQ(0u, h.client->stats().queued);
    const auto sent = allSentIds(*h.transport);
    const std::set<std::string> delivered(sent.begin(), sent.end());

    h.transport->autoRespond = nullptr;
    for (int i = 0; i < 5; ++i) h.client->track("Unsent:" + std::to_string(i));
    h.pump();
    h.storage->crashBeforeReplace = [](const std::string& src, const std::string&) { return src == EventQueue::kTempName; };
    h.client->queueForTests()->requestCompaction();
    h.pump();
    ASSERT_TRUE(h.storage->crashed) << "the compaction reached its rename";
    EXPECT_TRUE(h.storage->exists(EventQueue::kTempName)) << "the finished copy was left behind";
    EXPECT_EQ(nullptr, h.transport->outstanding());

    auto next = h.restart();
    next->pump();
    EXPECT_FALSE(next->storage->exists(EventQueue::kTempName)) << "the leftover copy is thrown away";
    ASSERT_NE(nullptr, next->transport->outstanding());
    for (const auto& id : next->transport->outstanding()->eventIds()) EXPECT_EQ(0u, delivered.count(id)) << "a delivered event came back";
    EXPECT_EQ((std::vector<std::string>{"Unsent:0", "Unsent:1", "Unsent:2", "Unsent:3", "Unsent:4", "-"}),
              next->transport->outstanding()->names());
    EXPECT_EQ("session_end", next->transport->outstanding()->types()[5]);
}

TEST(Persistence, KillWhileWritingTheCompactedCopyLeavesTheJournalWhole) {
    FaultyStorage storage;
    NullLogger logger;
    EventQueue q(storage, logger);
    q.open(0);
    for (int i = 1; i <= 10; ++i) q.enqueue("{\"n\":" + std::to_string(i) + "}", 0);
    q.writePending([] { return false; }, false);
    q.removeThrough(6);
    q.writePending([] { return false; }, false);
    q.requestCompaction();
    storage.crashDuringAppend = [](const std::string& name) { return name == EventQueue::kTempName; };
    EXPECT_FALSE(q.compactStep([] { return false; }));
    storage.revive();

    EventQueue reopened(storage, logger);
    const QueueLoadReport report = reopened.open(0);
    EXPECT_EQ(4u, reopened.count());
    EXPECT_EQ(7, reopened.head()->seq);
    EXPECT_EQ(0u, report.corruptRecords);
    EXPECT_FALSE(storage.exists(EventQueue::kTempName));
}

TEST(Persistence, KillBetweenWriteAndRenameAtQueueLevel) {
    FaultyStorage storage;
    NullLogger logger;
    EventQueue q(storage, logger);
    q.open(0);
    for (int i = 1; i <= 10; ++i) q.enqueue("{\"n\":" + std::to_string(i) + "}", 0);
    q.writePending([] { return false; }, false);
    q.removeThrough(6);  // still pending when compaction starts: the commit writes it first
    q.requestCompaction();
    storage.crashBeforeReplace = [](const std::string&, const std::string&) { return true; };
    EXPECT_FALSE(q.compactStep([] { return false; }));
    EXPECT_NE(std::string::npos, storage.text(EventQueue::kTempName).find("Z 4 ")) << "the copy was complete";
    storage.revive();

    EventQueue reopened(storage, logger);
    reopened.open(0);
    const auto left = reopened.peek(100, limits::kMaxRequestBytes);
    ASSERT_EQ(4u, left.size());
    EXPECT_EQ("{\"n\":7}", left[0]->json);
    EXPECT_EQ("{\"n\":10}", left[3]->json);
    reopened.enqueue("{\"n\":11}", 0);
    EXPECT_EQ(11, reopened.peek(100, limits::kMaxRequestBytes)[4]->seq);
}

TEST(Persistence, ARenameThatIsNotAtomicIsRecoveredFromTheCompleteCopy) {
    FaultyStorage storage;
    NullLogger logger;
    EventQueue q(storage, logger);
    q.open(0);
    for (int i = 1; i <= 3; ++i) q.enqueue("{\"n\":" + std::to_string(i) + "}", 0);
    q.requestCompaction();
    q.writePending([] { return false; }, false);
    storage.crashBeforeReplace = [](const std::string&, const std::string&) { return true; };
    q.compactStep([] { return false; });
    storage.revive();
    storage.remove(EventQueue::kFileName);  // deleted, the move never happened

    EventQueue reopened(storage, logger);
    reopened.open(0);
    EXPECT_EQ(3u, reopened.count());
    EXPECT_TRUE(storage.exists(EventQueue::kFileName));
    EXPECT_FALSE(storage.exists(EventQueue::kTempName));
}

TEST(Persistence, ATornLastRecordIsSkippedAndTheNextOneStartsOnItsOwnLine) {
    FaultyStorage storage;
    NullLogger logger;
    {
        EventQueue q(storage, logger);
        q.open(0);
        q.enqueue("{\"n\":1}", 0);
        q.enqueue("{\"n\":2}", 0);
        q.writePending([] { return false; }, false);
        const std::string torn = "E 3 0badc0de {\"n\"";
        storage.append(EventQueue::kFileName, torn.data(), torn.size(), false);
    }
    EventQueue q2(storage, logger);
    const QueueLoadReport report = q2.open(0);
    EXPECT_EQ(2u, q2.count());
    EXPECT_EQ(1u, report.corruptRecords);
    q2.enqueue("{\"n\":3}", 0);
    q2.writePending([] { return false; }, false);
    EventQueue q3(storage, logger);
    q3.open(0);
    ASSERT_EQ(3u, q3.count());
    EXPECT_EQ("{\"n\":3}", q3.peek(10, limits::kMaxRequestBytes)[2]->json);
}

TEST(Persistence, ADamagedRecordIsSkippedAndCounted) {
    Harness h;
    h.start();
    h.client->track("One");
    h.client->track("Two");
    h.client->track("Three");
    h.pump();
    std::string text = h.storage->text(EventQueue::kFileName);
    const size_t at = text.find("\"Two\"");
    ASSERT_NE(std::string::npos, at);
    text.replace(at, 5, "\"Twx\"");
    h.storage->setText(EventQueue::kFileName, text);
    auto next = h.restart();
    EXPECT_EQ(1, next->client->stats().droppedCorrupt);
    next->pump();
    EXPECT_EQ((std::vector<std::string>{"-", "One", "Three", "-"}), next->transport->outstanding()->names());
}

TEST(Persistence, AQueueFileOfTheOlderFormatVersion1IsReadSentAndRewritten) {
    Harness h;
    const std::string e1 =
        "{\"type\":\"design\",\"eventId\":\"11111111-0000-4000-8000-000000000001\",\"playerId\":\"p\",\"sessionId\":\"s\","
        "\"timestamp\":\"2026-11-24T09:00:00.000Z\",\"name\":\"Old:One\"}";
    const std::string e2 =
        "{\"type\":\"design\",\"eventId\":\"11111111-0000-4000-8000-000000000002\",\"playerId\":\"p\",\"sessionId\":\"s\","
        "\"timestamp\":\"2026-11-24T09:00:01.000Z\",\"name\":\"Old:Two\"}";
    h.storage->setText(EventQueue::kFileName, "{\"format\":\"gt-queue\",\"version\":1}\n" + e1 + "\n" + e2 + "\n");
    h.start();
    EXPECT_EQ(0u, h.storage->text(EventQueue::kFileName).find(kHeaderLine)) << "rewritten in the current format at once";
    h.pump();
    ASSERT_NE(nullptr, h.transport->outstanding());
    EXPECT_NE(std::string::npos, h.transport->outstanding()->body().find(e1 + "," + e2));
    h.transport->accept();
    h.pump();
    auto next = h.restart();
    next->pump();
    next->advance(60000);
    EXPECT_EQ(0u, next->transport->count());
}

TEST(Persistence, AQueueFileOfANewerVersionIsSetAsideNotOverwritten) {
    Harness h;
    const std::string future = "{\"format\":\"gt-queue\",\"version\":3}\nwhatever version 3 keeps\n";
    h.storage->setText(EventQueue::kFileName, future);
    h.start();
    EXPECT_EQ(future, h.storage->text(std::string(EventQueue::kFileName) + ".v3"));
    h.client->track("Fresh");
    h.pump();
    EXPECT_EQ(0u, h.storage->text(EventQueue::kFileName).find(kHeaderLine));
    EXPECT_TRUE(h.logger->contains("newer than this SDK"));
}

TEST(Persistence, AFileThatIsNotAQueueIsSetAside) {
    Harness h;
    h.storage->setText(EventQueue::kFileName, "garbage\n");
    h.start();
    EXPECT_EQ("garbage\n", h.storage->text(std::string(EventQueue::kFileName) + ".corrupt"));
    EXPECT_TRUE(h.client->enabled());
}

TEST(Persistence, TheQueueIsBoundedTheOldestAreDroppedAndCounted) {
    Harness h;
    h.config.maxQueueSize = 5;
    h.start();
    for (int i = 0; i < 10; ++i) h.client->track("E:" + std::to_string(i));
    EXPECT_EQ(5u, h.client->stats().queued);
    EXPECT_EQ(6, h.client->stats().droppedOverflow);
    h.client->flush();
    h.pump();
    EXPECT_EQ((std::vector<std::string>{"E:5", "E:6", "E:7", "E:8", "E:9"}), h.transport->outstanding()->names());
    auto next = h.restart();
    EXPECT_EQ(5u, next->client->stats().queued);
}

TEST(Persistence, TheQueueIsBoundedInBytesToo) {
    Harness h;
    h.config.maxQueueBytes = 40000;
    h.start();
    for (int i = 0; i < 20; ++i) h.client->error(ErrorSeverity::Error, std::string(8000, 'm'));
    EXPECT_LE(h.client->stats().queued, 5u);
    EXPECT_GT(h.client->stats().droppedOverflow, 14);
}

TEST(Persistence, TheJournalIsCompactedSoItDoesNotGrowWithDeliveredEvents) {
    Harness h;
    h.transport->autoRespond = FakeTransport::accepted;
    h.config.batchSize = 20;
    h.start();
    for (int round = 0; round < 50; ++round) {
        for (int i = 0; i < 20; ++i) h.client->track("Round:" + std::to_string(round));
        h.pump(3);
    }
    h.client->flush();
    h.pump(10);
    EXPECT_EQ(0u, h.client->stats().queued);
    EXPECT_EQ(1001, h.client->stats().accepted);
    EXPECT_LT(h.storage->text(EventQueue::kFileName).size(), 200u * 1024);
}

TEST(Persistence, WhenTheDiskFailsEventsAreStillSentAndWritingResumesLater) {
    Harness h;
    h.storage->failWrites = true;
    h.start();
    h.client->track("While:Failing");
    h.client->flush();
    h.pump();
    EXPECT_TRUE(h.logger->contains("cannot write the queue file"));
    EXPECT_NE(nullptr, h.transport->outstanding());
    h.storage->failWrites = false;
    h.client->track("After:Recovery");
    h.advance(5000);
    auto next = h.restart();
    EXPECT_EQ(3u, next->client->stats().queued);
}

TEST(Persistence, RealFilesRoundTripThroughFileStorage) {
    const std::string dir = (std::filesystem::temp_directory_path() / ("gt-unreal-test-" + std::to_string(::getpid()))).string();
    {
        Harness h;
        h.config.storageDirectory = dir;
        h.storage = nullptr;
        Services s;
        s.clock = h.clock;
        s.ids = h.ids;
        s.random = h.random;
        auto client = std::make_unique<TelemetryClient>(h.config, h.transport, s);
        client->track("On:Disk");
        client->shutdown();
        EXPECT_TRUE(std::filesystem::exists(dir + "/" + EventQueue::kFileName));
        auto again = std::make_unique<TelemetryClient>(h.config, h.transport, s);
        EXPECT_EQ(3u, again->stats().queued) << "session_start, the event, the recovered session_end";
    }
    std::filesystem::remove_all(dir);
}

/// A real process, really killed (SIGKILL) while it waits between writing the compacted copy and
/// renaming it; the parent then opens the same directory.
TEST(Persistence, AProcessKilledBetweenWriteAndRenameLosesNothing) {
    const std::string dir = (std::filesystem::temp_directory_path() / ("gt-unreal-kill-" + std::to_string(::getpid()))).string();
    std::filesystem::remove_all(dir);
    int ready[2];
    ASSERT_EQ(0, ::pipe(ready));
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        // The child: 10 events written, 6 of them done, then a compaction that stops before its rename.
        class PausingStorage : public FileStorage {
        public:
            PausingStorage(const std::string& d, int fd) : FileStorage(d), fd_(fd) {}
            bool replace(const std::string& s, const std::string& d) override {
                if (s == EventQueue::kTempName) {
                    const char c = 'R';
                    if (::write(fd_, &c, 1) != 1) ::_exit(3);
                    for (;;) ::pause();  // killed here
                }
                return FileStorage::replace(s, d);
            }

        private:
            int fd_;
        };
        PausingStorage storage(dir, ready[1]);
        NullLogger logger;
        EventQueue q(storage, logger);
        q.open(0);
        for (int i = 1; i <= 10; ++i) q.enqueue("{\"n\":" + std::to_string(i) + "}", 0);
        q.writePending([] { return false; }, false);
        q.removeThrough(6);
        q.requestCompaction();
        q.compactStep([] { return false; });
        ::_exit(2);  // not reached
    }
    char c = 0;
    ASSERT_EQ(1, ::read(ready[0], &c, 1)) << "the child reached the rename";
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status));
    EXPECT_TRUE(std::filesystem::exists(dir + "/" + EventQueue::kTempName));

    FileStorage storage(dir);
    NullLogger logger;
    EventQueue reopened(storage, logger);
    const QueueLoadReport report = reopened.open(0);
    EXPECT_EQ(0u, report.corruptRecords);
    const auto left = reopened.peek(100, limits::kMaxRequestBytes);
    ASSERT_EQ(4u, left.size());
    EXPECT_EQ("{\"n\":7}", left[0]->json);
    EXPECT_FALSE(std::filesystem::exists(dir + "/" + EventQueue::kTempName));
    ::close(ready[0]);
    ::close(ready[1]);
    std::filesystem::remove_all(dir);
}

/// A real process appending events as fast as it can, killed at an arbitrary moment: every
/// record it reported written is there, in order, and nothing is damaged but possibly the last.
TEST(Persistence, AProcessKilledWhileAppendingKeepsEveryWrittenEvent) {
    const std::string dir = (std::filesystem::temp_directory_path() / ("gt-unreal-append-" + std::to_string(::getpid()))).string();
    std::filesystem::remove_all(dir);
    int progress[2];
    ASSERT_EQ(0, ::pipe(progress));
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        FileStorage storage(dir);
        NullLogger logger;
        EventQueue q(storage, logger);
        q.open(0);
        for (int i = 1;; ++i) {
            q.enqueue("{\"n\":" + std::to_string(i) + ",\"pad\":\"" + std::string(200, 'x') + "\"}", 0);
            q.writePending([] { return false; }, false);
            if (::write(progress[1], &i, sizeof i) != static_cast<ssize_t>(sizeof i)) ::_exit(3);
        }
    }
    int written = 0;
    while (written < 500) {
        if (::read(progress[0], &written, sizeof written) != static_cast<ssize_t>(sizeof written)) break;
    }
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    FileStorage storage(dir);
    NullLogger logger;
    EventQueue reopened(storage, logger);
    const QueueLoadReport report = reopened.open(0);
    EXPECT_LE(report.corruptRecords, 1u);
    ASSERT_GE(reopened.count(), static_cast<size_t>(written));
    int64_t expect = 1;
    for (const auto* e : reopened.peek(100000, SIZE_MAX)) {
        EXPECT_EQ(expect, e->seq);
        EXPECT_EQ(0u, e->json.find("{\"n\":" + std::to_string(expect) + ","));
        ++expect;
    }
    ::close(progress[0]);
    ::close(progress[1]);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace test
}  // namespace gt
