// Against the real platform (started by libs/sdk-vectors/test/int/with-stack.ts through
// `scripts/test.sh int`): the core with its libcurl transport is accepted by the real ingestion
// service with a key made through the real core, and its events land in Kafka exactly once per
// event id, even after an offline period and a process killed (SIGKILL) with events queued.
// A second game client requires signed requests: signed with its secret, a session arrives
// exactly once (also from a device whose clock is minutes off the server's); unsigned or signed
// with a wrong secret, ingestion answers 401 and the client stops sending, keeping its queue.
//
// This binary is also the "game" the crash test kills: run with --child-client it drives a
// client, takes commands on stdin ("track <count> <first index>") and prints its stats.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "CurlTransport.h"
#include "GameTelemetryCore/GtCrypto.h"
#include "GameTelemetryCore/GtTelemetry.h"
#include "GameTelemetryCore/GtText.h"
#include "ZlibCompressor.h"

namespace gt {
namespace integration {
namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

size_t collect(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

/// A blocking GET for the stack helper's control endpoints.
std::string httpGet(const std::string& url, long* status = nullptr) {
    CURL* curl = curl_easy_init();
    std::string body;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 90L);
    curl_easy_perform(curl);
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    if (status) *status = code;
    curl_easy_cleanup(curl);
    return body;
}

class ConsoleLogger : public Logger {
public:
    explicit ConsoleLogger(LogLevel min) : min_(min) {}
    void log(LogLevel level, const std::string& message) override {
        if (level >= min_) std::cerr << "[GameTelemetry] " << message << std::endl;
    }

private:
    LogLevel min_;
};

void trackRange(TelemetryClient& client, int count, int first, const std::string& run) {
    for (int i = first; i < first + count; ++i) client.track("Int:Event:" + std::to_string(i), i, {{"run", run}});
}

int runChildClient(int argc, char** argv) {
    // --child-client <dir> <endpoint> <key> <player> <count>
    if (argc < 7) return 2;
    Config config;
    config.storageDirectory = argv[2];
    config.endpoint = argv[3];
    config.apiKey = argv[4];
    config.playerId = argv[5];
    config.flushIntervalMs = 200;
    config.initialRetryDelayMs = 200;
    config.maxRetryDelayMs = 1000;
    config.sdkName = "gametelemetry-unreal-int";
    Services services;
    services.logger = std::make_shared<ConsoleLogger>(LogLevel::Info);
    services.compressor = std::make_shared<ZlibCompressor>();
    TelemetryClient client(config, std::make_shared<CurlTransport>(), services);
    std::mutex mutex;
    std::vector<std::string> commands;
    std::thread([&] {
        std::string line;
        while (std::getline(std::cin, line)) {
            std::lock_guard<std::mutex> lock(mutex);
            commands.push_back(line);
        }
    }).detach();
    trackRange(client, std::atoi(argv[6]), 0, config.playerId);
    std::string last;
    for (;;) {
        std::vector<std::string> todo;
        {
            std::lock_guard<std::mutex> lock(mutex);
            todo.swap(commands);
        }
        for (const auto& c : todo) {
            int count = 0;
            int first = 0;
            if (std::sscanf(c.c_str(), "track %d %d", &count, &first) == 2) trackRange(client, count, first, config.playerId);
        }
        client.tick();
        const Stats s = client.stats();
        const std::string stats = "STATS accepted=" + std::to_string(s.accepted) + " queued=" + std::to_string(s.queued) +
                                  " failed=" + std::to_string(s.failedRequests);
        if (stats != last) {
            std::cout << stats << std::endl;
            last = stats;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

/// A child process running a client; the test reads its stats and kills it.
class Game {
public:
    Game(const std::string& dir, const std::string& endpoint, const std::string& key, const std::string& player, int count) {
        int in[2];
        int out[2];
        if (::pipe(in) != 0 || ::pipe(out) != 0) std::abort();
        pid_ = ::fork();
        if (pid_ == 0) {
            ::dup2(in[0], 0);
            ::dup2(out[1], 1);
            ::close(in[1]);
            ::close(out[0]);
            const std::string n = std::to_string(count);
            ::execl("/proc/self/exe", "gt_int_tests", "--child-client", dir.c_str(), endpoint.c_str(), key.c_str(), player.c_str(),
                    n.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(in[0]);
        ::close(out[1]);
        stdin_ = in[1];
        reader_ = std::thread([this, fd = out[0]] {
            std::string buffer;
            char chunk[4096];
            ssize_t n;
            while ((n = ::read(fd, chunk, sizeof chunk)) > 0) {
                buffer.append(chunk, static_cast<size_t>(n));
                size_t nl;
                while ((nl = buffer.find('\n')) != std::string::npos) {
                    const std::string line = buffer.substr(0, nl);
                    buffer.erase(0, nl + 1);
                    std::lock_guard<std::mutex> lock(mutex_);
                    if (line.rfind("STATS ", 0) == 0) stats_ = line;
                }
            }
            ::close(fd);
        });
    }

    ~Game() {
        kill();
        if (reader_.joinable()) reader_.join();
        ::close(stdin_);
    }

    long stat(const std::string& name) {
        std::lock_guard<std::mutex> lock(mutex_);
        const size_t at = stats_.find(" " + name + "=");
        return at == std::string::npos ? -1 : std::atol(stats_.c_str() + at + name.size() + 2);
    }

    bool waitFor(const std::function<bool(Game&)>& condition, int timeoutMs) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
        while (!condition(*this)) {
            if (std::chrono::steady_clock::now() > until) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return true;
    }

    void send(const std::string& command) {
        const std::string line = command + "\n";
        if (::write(stdin_, line.data(), line.size()) < 0) ADD_FAILURE() << "cannot write to the game";
    }

    /// SIGKILL: no shutdown, no last write.
    void kill() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
    }

    std::string lastStats() {
        std::lock_guard<std::mutex> lock(mutex_);
        return stats_;
    }

private:
    pid_t pid_ = -1;
    int stdin_ = -1;
    std::thread reader_;
    std::mutex mutex_;
    std::string stats_;
};

class Integration : public ::testing::Test {
protected:
    void SetUp() override {
        endpoint_ = env("GT_INT_ENDPOINT");
        key_ = env("GT_INT_API_KEY");
        signedKey_ = env("GT_INT_SIGNED_API_KEY");
        signingSecret_ = env("GT_INT_SIGNING_SECRET");
        control_ = env("GT_INT_CONTROL");
        platform_ = env("GT_INT_PLATFORM").empty() ? "unreal" : env("GT_INT_PLATFORM");
        if (endpoint_.empty() || key_.empty() || control_.empty()) GTEST_SKIP() << "run through libs/sdk-unreal/scripts/test.sh int";
    }

    void TearDown() override {
        if (!control_.empty()) httpGet(control_ + "/online");
        for (const auto& d : dirs_) std::filesystem::remove_all(d);
    }

    std::string tempDir() {
        static std::atomic<int> counter{0};
        const std::string d = (std::filesystem::temp_directory_path() /
                               ("gt-unreal-int-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
                                  .string();
        dirs_.push_back(d);
        return d;
    }

    std::unique_ptr<TelemetryClient> client(Config config, std::shared_ptr<Clock> clock = nullptr) {
        if (config.endpoint.empty()) config.endpoint = endpoint_;
        if (config.apiKey.empty()) config.apiKey = key_;
        if (config.storageDirectory.empty()) config.storageDirectory = tempDir();
        config.flushIntervalMs = 100;
        Services s;
        s.clock = clock;
        s.logger = std::make_shared<ConsoleLogger>(LogLevel::Warning);
        s.compressor = std::make_shared<ZlibCompressor>();
        return std::make_unique<TelemetryClient>(config, std::make_shared<CurlTransport>(), s);
    }

    static bool pumpUntil(TelemetryClient& c, const std::function<bool(const Stats&)>& condition, int timeoutMs) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
        while (!condition(c.stats())) {
            if (std::chrono::steady_clock::now() > until) return false;
            c.tick();
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return true;
    }

    static std::string uniquePlayer(const std::string& prefix) {
        std::random_device rd;
        return prefix + "-" + std::to_string(rd()) + std::to_string(rd());
    }

    /// The player's events in Kafka (the stack helper's /kafka: until `expect` arrived, then a quiet period).
    std::vector<JsonValue> kafka(const std::string& player, int expect) {
        long status = 0;
        const std::string body = httpGet(control_ + "/kafka?player=" + player + "&expect=" + std::to_string(expect), &status);
        JsonValue parsed;
        if (status != 200 || !JsonValue::parse(body, parsed) || !parsed.get("events")) {
            ADD_FAILURE() << "the stack helper's /kafka answered " << status << ": " << body;
            return {};
        }
        return parsed.get("events")->array;
    }

    /// The signed client's key with `secret` (empty: none): one 401 with `code`, sending stops, the
    /// queue is kept (in `dir`), nothing reaches Kafka.
    void refusedSignatureHaltsKeepingTheQueue(const std::string& secret, const std::string& code, const std::string& player,
                                              const std::string& dir) {
        Config config;
        config.apiKey = signedKey_;
        config.signingSecret = secret;
        config.playerId = player;
        config.storageDirectory = dir;
        auto c = client(config);
        ASSERT_TRUE(c->enabled()) << c->initError();
        for (int i = 0; i < 3; ++i) c->track("Unsigned:Event:" + std::to_string(i), i);
        c->flush();
        ASSERT_TRUE(pumpUntil(*c, [](const Stats& s) { return s.halted; }, 30000)) << c->stats().lastError;
        EXPECT_NE(std::string::npos, c->stats().lastError.find("401")) << c->stats().lastError;
        EXPECT_NE(std::string::npos, c->stats().lastError.find(code)) << c->stats().lastError;
        c->endSession();  // queued behind the others, never sent by this instance
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (std::chrono::steady_clock::now() < until) {
            c->flush();
            c->tick();
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        EXPECT_EQ(1, c->stats().requests) << "never retried";
        EXPECT_EQ(0, c->stats().accepted);
        EXPECT_EQ(5u, c->stats().queued) << "session_start, 3 events and session_end kept for the next start";
        c->shutdown();
        EXPECT_EQ(0u, kafka(player, 0).size()) << "nothing of a refused request reached Kafka";
    }

    std::string endpoint_;
    std::string key_;
    std::string signedKey_;
    std::string signingSecret_;
    std::string control_;
    std::string platform_;
    std::vector<std::string> dirs_;
};

TEST_F(Integration, EventsArriveInKafkaExactlyOnceAfterAnOfflinePeriodAndAKilledProcess) {
    const std::string player = uniquePlayer(platform_ + "-int");
    const std::string dir = tempDir();
    {
        Game game(dir, endpoint_, key_, player, 10);
        ASSERT_TRUE(game.waitFor([](Game& g) { return g.stat("accepted") == 11 && g.stat("queued") == 0; }, 60000))
            << "the first 10 events and the session_start to be accepted; last: " << game.lastStats();
        httpGet(control_ + "/offline");
        game.send("track 10 10");
        ASSERT_TRUE(game.waitFor([](Game& g) { return g.stat("queued") == 10 && g.stat("failed") >= 3; }, 60000))
            << "sending to fail while offline; last: " << game.lastStats();
        game.kill();  // the crash: 10 events on disk, never delivered
    }
    httpGet(control_ + "/online");
    {
        Game again(dir, endpoint_, key_, player, 0);
        ASSERT_TRUE(again.waitFor([](Game& g) { return g.stat("accepted") == 11 && g.stat("queued") == 0; }, 60000))
            << "the queued events and the recovered session_end to be accepted; last: " << again.lastStats();
        again.kill();
    }

    long status = 0;
    const std::string body = httpGet(control_ + "/kafka?player=" + player + "&expect=22", &status);
    ASSERT_EQ(200, status) << body;
    JsonValue parsed;
    ASSERT_TRUE(JsonValue::parse(body, parsed));
    const auto& events = parsed.get("events")->array;
    std::set<std::string> ids;
    std::set<std::string> names;
    int starts = 0;
    int ends = 0;
    for (const auto& e : events) {
        EXPECT_TRUE(ids.insert(e.getString("eventId")).second) << "event " << e.getString("eventId") << " is in Kafka twice";
        EXPECT_EQ(platform_, e.getString("platform"));
        const std::string type = e.getString("type");
        if (type == "design") names.insert(e.getString("name"));
        if (type == "session_start") ++starts;
        if (type == "session_end") ++ends;
    }
    EXPECT_EQ(22u, events.size()) << "20 events, the session_start and the session_end the killed run left open";
    EXPECT_EQ(20u, names.size());
    for (int i = 0; i < 20; ++i) EXPECT_EQ(1u, names.count("Int:Event:" + std::to_string(i)));
    EXPECT_EQ(1, starts);
    EXPECT_EQ(1, ends);
}

TEST_F(Integration, GzippedBatchesAreAcceptedByIngestion) {
    Config config;
    config.playerId = uniquePlayer("gzip");
    auto c = client(config);
    for (int i = 0; i < 100; ++i) c->track("Gzip:Event", i, {{"padding", std::string(100, 'p')}});
    c->progression(ProgressionStatus::Complete, "world-1", 1200.5, 2);
    c->purchase("EUR", 499, "gem-pack", std::string("gems"), std::string("txn-1"));
    c->error(ErrorSeverity::Warning, "int test \"quoted\" \xC3\xA9 \xF0\x9F\x98\x80");
    c->endSession();
    c->flush();
    ASSERT_TRUE(pumpUntil(*c, [](const Stats& s) { return s.accepted == 105; }, 30000)) << c->stats().lastError;
    EXPECT_EQ(0, c->stats().rejected);
    EXPECT_LE(c->stats().requests, 2);
}

TEST_F(Integration, AnUnknownKeyIsRefusedOnceAndNeverRetried) {
    std::random_device rd;
    const char* base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::string body = "gtk_live_";
    for (int i = 0; i < 32; ++i) body += base62[rd() % 62];
    uint32_t n = crc32(body);
    std::string checksum(6, '0');
    for (int i = 5; i >= 0; --i) {
        checksum[static_cast<size_t>(i)] = base62[n % 62];
        n /= 62;
    }
    Config config;
    config.apiKey = body + "_" + checksum;
    config.playerId = "unknown-key";
    auto c = client(config);
    ASSERT_TRUE(c->enabled()) << c->initError();
    c->track("Never:Stored");
    c->flush();
    ASSERT_TRUE(pumpUntil(*c, [](const Stats& s) { return s.halted; }, 30000));
    EXPECT_NE(std::string::npos, c->stats().lastError.find("KEY_UNKNOWN")) << c->stats().lastError;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (std::chrono::steady_clock::now() < until) {
        c->flush();
        c->tick();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(1, c->stats().requests);
    EXPECT_EQ(2u, c->stats().queued);
}

TEST_F(Integration, SignedRequestsOfASessionArriveInKafkaExactlyOnce) {
    ASSERT_FALSE(signedKey_.empty() || signingSecret_.empty())
        << "GT_INT_SIGNED_API_KEY and GT_INT_SIGNING_SECRET are not set: libs/sdk-vectors/test/int/with-stack.ts provisions them";
    const std::string player = uniquePlayer(platform_ + "-signed");
    Config config;
    config.apiKey = signedKey_;
    config.signingSecret = signingSecret_;
    config.playerId = player;
    // Batches of 5 (several requests, each signed at its own time), gzipped: the signature is over the body before gzip.
    config.batchSize = 5;
    config.compress = true;
    auto c = client(config);
    c->startSession();
    for (int i = 0; i < 10; ++i) c->track("Signed:Event:" + std::to_string(i), i, {{"padding", std::string(200, 's')}});
    c->purchase("EUR", 199, "signed-pack", std::string("pack"), std::string("txn-signed-1"));
    c->endSession();
    c->flush();
    ASSERT_TRUE(pumpUntil(*c, [](const Stats& s) { return s.accepted == 13 && s.queued == 0; }, 30000)) << c->stats().lastError;
    EXPECT_EQ(0, c->stats().rejected);
    EXPECT_GE(c->stats().requests, 3) << "several signed requests";
    EXPECT_FALSE(c->stats().halted);
    c->shutdown();

    const auto events = kafka(player, 13);
    std::set<std::string> ids;
    std::set<std::string> names;
    std::set<std::string> sessions;
    int starts = 0;
    int ends = 0;
    int purchases = 0;
    for (const auto& e : events) {
        EXPECT_TRUE(ids.insert(e.getString("eventId")).second) << "event " << e.getString("eventId") << " is in Kafka twice";
        EXPECT_EQ(platform_, e.getString("platform"));
        sessions.insert(e.getString("sessionId"));
        const std::string type = e.getString("type");
        if (type == "design") names.insert(e.getString("name"));
        if (type == "session_start") ++starts;
        if (type == "session_end") ++ends;
        if (type == "purchase") ++purchases;
    }
    EXPECT_EQ(13u, events.size()) << "session_start, 10 design events, a purchase, session_end";
    for (int i = 0; i < 10; ++i) EXPECT_EQ(1u, names.count("Signed:Event:" + std::to_string(i)));
    EXPECT_EQ(1, starts);
    EXPECT_EQ(1, ends);
    EXPECT_EQ(1, purchases);
    EXPECT_EQ(1u, sessions.size()) << "one session";
}

TEST_F(Integration, WithoutTheSigningSecretIngestionAnswers401AndTheQueueWaitsForAStartWithIt) {
    ASSERT_FALSE(signedKey_.empty() || signingSecret_.empty()) << "GT_INT_SIGNED_API_KEY and GT_INT_SIGNING_SECRET are not set";
    const std::string player = uniquePlayer(platform_ + "-unsigned");
    const std::string dir = tempDir();
    refusedSignatureHaltsKeepingTheQueue("", "SIGNATURE_MISSING", player, dir);
    if (HasFatalFailure()) return;

    // The next start, now with the secret: the kept queue is sent, and arrives exactly once.
    Config config;
    config.apiKey = signedKey_;
    config.signingSecret = signingSecret_;
    config.playerId = player;
    config.storageDirectory = dir;
    auto again = client(config);
    again->flush();
    ASSERT_TRUE(pumpUntil(*again, [](const Stats& s) { return s.accepted == 5 && s.queued == 0; }, 30000))
        << again->stats().lastError;
    again->shutdown();
    const auto events = kafka(player, 5);
    std::set<std::string> ids;
    for (const auto& e : events)
        EXPECT_TRUE(ids.insert(e.getString("eventId")).second) << "event " << e.getString("eventId") << " is in Kafka twice";
    EXPECT_EQ(5u, events.size());
}

TEST_F(Integration, AWrongSigningSecretIsRefusedWith401AndSendingStops) {
    ASSERT_FALSE(signedKey_.empty() || signingSecret_.empty()) << "GT_INT_SIGNED_API_KEY and GT_INT_SIGNING_SECRET are not set";
    refusedSignatureHaltsKeepingTheQueue("gts_" + uniquePlayer("wrong"), "SIGNATURE_INVALID", uniquePlayer(platform_ + "-badsig"),
                                         tempDir());
}

class SkewedClock : public Clock {
public:
    explicit SkewedClock(int64_t skew) : skew_(skew) {}
    int64_t unixMillis() override { return real_.unixMillis() + skew_; }
    double monotonicMillis() override { return real_.monotonicMillis(); }

private:
    SystemClock real_;
    int64_t skew_;
};

TEST_F(Integration, ADeviceClockMinutesOffStillDeliversSignedEventsExactlyOnce) {
    ASSERT_FALSE(signedKey_.empty() || signingSecret_.empty()) << "GT_INT_SIGNED_API_KEY and GT_INT_SIGNING_SECRET are not set";
    // Beyond ingestion's 300 s signature window, either way. Ahead stays under the 10 minutes an
    // event's timestamp may be in the future (more would be rejected per event anyway).
    for (const int64_t skewMs : {-10LL * 60 * 1000, 7LL * 60 * 1000}) {
        SCOPED_TRACE("device clock " + std::to_string(skewMs / 1000) + " s off");
        const std::string player = uniquePlayer(platform_ + (skewMs < 0 ? "-skewbehind" : "-skewahead"));
        Config config;
        config.apiKey = signedKey_;
        config.signingSecret = signingSecret_;
        config.playerId = player;
        config.batchSize = 5;
        auto c = client(config, std::make_shared<SkewedClock>(skewMs));
        c->startSession();
        for (int i = 0; i < 7; ++i) c->track("Skewed:Event:" + std::to_string(i), i);
        c->endSession();
        c->flush();
        ASSERT_TRUE(pumpUntil(*c, [](const Stats& s) { return s.accepted == 9 && s.queued == 0; }, 30000)) << c->stats().lastError;
        EXPECT_FALSE(c->stats().halted);
        EXPECT_EQ(0, c->stats().rejected);
        // The first request of the run was refused SIGNATURE_EXPIRED and sent again at once, re-signed;
        // the next batch was signed on the server's clock from the start.
        EXPECT_EQ(1, c->stats().failedRequests) << "one refusal: the first request";
        EXPECT_NE(std::string::npos, c->stats().lastError.find("SIGNATURE_EXPIRED")) << c->stats().lastError;
        EXPECT_EQ(3, c->stats().requests) << "2 batches and 1 resend";
        c->shutdown();

        const auto events = kafka(player, 9);
        std::set<std::string> ids;
        for (const auto& e : events)
            EXPECT_TRUE(ids.insert(e.getString("eventId")).second) << "event " << e.getString("eventId") << " is in Kafka twice";
        EXPECT_EQ(9u, events.size()) << "session_start, 7 design events, session_end";
    }
}

TEST_F(Integration, EventsIngestionRejectsAreDroppedNotRetried) {
    Config config;
    config.playerId = "old-clock";
    auto c = client(config, std::make_shared<SkewedClock>(-40LL * 24 * 3600 * 1000));
    c->track("Too:Old");
    c->flush();
    ASSERT_TRUE(pumpUntil(*c, [](const Stats& s) { return s.rejected == 2; }, 30000)) << c->stats().lastError;
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
    while (std::chrono::steady_clock::now() < until) {
        c->tick();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(1, c->stats().requests);
    EXPECT_EQ(0u, c->stats().queued);
    EXPECT_EQ(0, c->stats().accepted);
}

}  // namespace
}  // namespace integration
}  // namespace gt

int main(int argc, char** argv) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (argc > 1 && std::string(argv[1]) == "--child-client") return gt::integration::runChildClient(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
