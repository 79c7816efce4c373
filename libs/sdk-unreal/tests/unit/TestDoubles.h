// Test doubles: a clock the test moves, ids it chooses, a fixed jitter, a transport that holds
// requests until the test answers them, storage that "crashes" on cue. The core is built without
// exceptions, so a crash is simulated by a storage that goes dead: from that point on nothing
// reaches the files, exactly as if the process had died there.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "GameTelemetryCore/GtStorage.h"
#include "GameTelemetryCore/GtTelemetry.h"
#include "GameTelemetryCore/GtText.h"

namespace gt {
namespace test {

constexpr const char* kValidKey = "gtk_live_VectorKey0123456789abcdefghijklm_0xaBTN";
constexpr const char* kEndpoint = "https://ingest.example.test";

class FakeClock : public Clock {
public:
    explicit FakeClock(int64_t unix = 1795514400000LL) : unix_(unix) {}
    int64_t unixMillis() override {
        std::lock_guard<std::mutex> lock(mutex_);
        return unix_;
    }
    double monotonicMillis() override {
        std::lock_guard<std::mutex> lock(mutex_);
        return mono_;
    }
    void advance(double ms) {
        std::lock_guard<std::mutex> lock(mutex_);
        unix_ += static_cast<int64_t>(ms);
        mono_ += ms;
    }
    void setUnix(int64_t u) {
        std::lock_guard<std::mutex> lock(mutex_);
        unix_ = u;
    }

private:
    std::mutex mutex_;
    int64_t unix_;
    double mono_ = 1000;
};

/// Ids from a list (vectors), or counted UUIDs v4.
class ListIds : public IdGenerator {
public:
    ListIds() = default;
    explicit ListIds(std::vector<std::string> ids) : list_(ids.begin(), ids.end()), fromList_(true) {}
    std::string nextId() override {
        std::lock_guard<std::mutex> lock(mutex_);
        ++used;
        if (fromList_) {
            if (list_.empty()) {
                ADD_FAILURE() << "the test's id list is used up: the SDK made more ids than expected";
                return "ffffffff-ffff-4fff-bfff-ffffffffffff";
            }
            std::string id = list_.front();
            list_.pop_front();
            return id;
        }
        char buf[40];
        std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012x", ++counter_);
        return buf;
    }
    int used = 0;

private:
    std::mutex mutex_;
    std::deque<std::string> list_;
    bool fromList_ = false;
    unsigned counter_ = 0;
};

class FixedRandom : public RandomSource {
public:
    explicit FixedRandom(double v = 0.5) : value(v) {}
    double nextDouble() override { return value; }
    double value;
};

class CapturingLogger : public Logger {
public:
    void log(LogLevel level, const std::string& message) override {
        std::lock_guard<std::mutex> lock(mutex_);
        lines.push_back(std::to_string(static_cast<int>(level)) + ": " + message);
    }
    bool contains(const std::string& part) {
        std::lock_guard<std::mutex> lock(mutex_);
        for (const auto& l : lines) {
            if (l.find(part) != std::string::npos) return true;
        }
        return false;
    }
    std::vector<std::string> lines;

private:
    std::mutex mutex_;
};

/// The JSON a request carries (gunzipped when Content-Encoding: gzip).
std::string jsonOf(const HttpRequest& request);

class FakeTransport : public HttpTransport {
public:
    struct Sent {
        HttpRequest request;
        std::function<void(HttpResponse)> done;
        bool answered = false;
        std::string body() const { return jsonOf(request); }
        JsonValue events() const;
        std::vector<std::string> types() const;
        std::vector<std::string> eventIds() const;
        std::vector<std::string> names() const;
    };

    void send(HttpRequest request, std::function<void(HttpResponse)> done) override;

    /// The first unanswered request, or nullptr.
    Sent* outstanding();
    size_t count() {
        std::lock_guard<std::recursive_mutex> lock(mutex_);
        return all.size();
    }
    Sent& last() {
        std::lock_guard<std::recursive_mutex> lock(mutex_);
        return *all.back();
    }
    void respond(int status, const std::string& body = std::string(), Headers headers = Headers());
    void accept();
    void fail(const std::string& message = "connection refused");

    /// When set, every request is answered with this at once, inside send.
    std::function<HttpResponse(const HttpRequest&)> autoRespond;
    static HttpResponse accepted(const HttpRequest& request);

    std::vector<std::unique_ptr<Sent>> all;

private:
    std::recursive_mutex mutex_;
};

/// Files in memory with hooks: crash before a rename or during an append, fail writes, cost time.
class FaultyStorage : public MemoryStorage {
public:
    std::function<bool(const std::string&, const std::string&)> crashBeforeReplace;
    std::function<bool(const std::string&)> crashDuringAppend;
    bool failWrites = false;
    /// After a crash nothing reaches the files any more.
    bool dead = false;
    bool crashed = false;
    std::shared_ptr<FakeClock> clock;
    double millisPerAppend = 0;
    int appends = 0;

    bool read(const std::string& name, std::string& out) override;
    bool append(const std::string& name, const char* data, size_t size, bool sync) override;
    bool write(const std::string& name, const std::string& data, bool sync) override;
    bool replace(const std::string& source, const std::string& destination) override;
    bool remove(const std::string& name) override;

    std::string text(const std::string& name);
    void setText(const std::string& name, const std::string& text);
    /// The next run: the process that crashed is gone, the files are what it left.
    void revive() {
        dead = false;
        crashed = false;
        crashBeforeReplace = nullptr;
        crashDuringAppend = nullptr;
    }
};

Config testConfig();

/// A client wired to fakes, with helpers to pump it.
struct Harness {
    std::shared_ptr<FakeClock> clock = std::make_shared<FakeClock>();
    std::shared_ptr<ListIds> ids = std::make_shared<ListIds>();
    std::shared_ptr<FixedRandom> random = std::make_shared<FixedRandom>();
    std::shared_ptr<FakeTransport> transport = std::make_shared<FakeTransport>();
    std::shared_ptr<CapturingLogger> logger = std::make_shared<CapturingLogger>();
    std::shared_ptr<FaultyStorage> storage = std::make_shared<FaultyStorage>();
    std::shared_ptr<Compressor> compressor;
    Config config = testConfig();
    std::unique_ptr<TelemetryClient> client;

    Harness();
    Harness& start();
    /// The game was killed (nothing more reaches the disk) and started again: same storage and
    /// wall clock, a new client. Call client->shutdown() first for a clean exit instead.
    std::unique_ptr<Harness> restart();
    void pump(int ticks = 5);
    void advance(double ms);
};

}  // namespace test
}  // namespace gt
