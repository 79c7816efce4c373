// The portable C++17 core of the Game Telemetry SDK: sessions, events, the durable queue and
// sending, driven by tick() once per frame. No engine dependency: the Unreal plugin wraps it,
// and any C++ game or server can use it with its own HttpTransport.
//
//   gt::Config config;
//   config.apiKey = "gtk_live_...";
//   config.endpoint = "https://ingest.example.com";
//   config.storageDirectory = "/path/to/save/GameTelemetry";
//   gt::TelemetryClient client(config, std::make_shared<MyTransport>());
//   client.track("Kill:Sword:Robot", 1.0);
//   // every frame:
//   client.tick();
//
// Threads: every public method may be called from any thread. tick() does the work (disk
// writes, compaction, requests, answers) within config.frameBudgetMs. Answers from the transport
// wait in an inbox until the next tick().
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "GameTelemetryCore/GtEventQueue.h"
#include "GameTelemetryCore/GtInterfaces.h"

namespace gt {

constexpr const char* kSdkVersion = "0.1.0";

enum class ProgressionStatus { Start, Complete, Fail };
enum class ErrorSeverity { Debug, Info, Warning, Error, Critical };

/// A property value: a string, a finite number or a boolean. Anything else (Invalid) is dropped.
class PropertyValue {
public:
    enum class Kind { String, Number, Bool, Invalid };

    PropertyValue() : kind_(Kind::Invalid) {}
    PropertyValue(const char* s) : kind_(Kind::String), string_(s ? s : "") {}
    PropertyValue(std::string s) : kind_(Kind::String), string_(std::move(s)) {}
    PropertyValue(double n) : kind_(Kind::Number), number_(n) {}
    PropertyValue(float n);
    PropertyValue(int n) : kind_(Kind::Number), number_(n) {}
    PropertyValue(long n) : kind_(Kind::Number), number_(static_cast<double>(n)) {}
    PropertyValue(long long n) : kind_(Kind::Number), number_(static_cast<double>(n)) {}
    PropertyValue(unsigned n) : kind_(Kind::Number), number_(n) {}
    PropertyValue(bool b) : kind_(Kind::Bool), bool_(b) {}

    static PropertyValue invalid() { return PropertyValue(); }

    Kind kind() const { return kind_; }
    const std::string& string() const { return string_; }
    double number() const { return number_; }
    bool boolean() const { return bool_; }

private:
    Kind kind_;
    std::string string_;
    double number_ = 0;
    bool bool_ = false;
};

/// Ordered properties: {{"weapon", "sword"}, {"level", 3}}.
using Properties = std::vector<std::pair<std::string, PropertyValue>>;

struct Config {
    /// The game client's API key from the portal: gtk_live_...
    std::string apiKey;
    /// Base URL of the ingestion service, e.g. https://ingest.example.com (POST {endpoint}/v1/events).
    std::string endpoint;
    /// Your id for the player; when empty, a random id is made once and kept in storage.
    std::string playerId;
    /// Sent with every event when not empty (at most 32 characters).
    std::string appVersion;
    /// The `sdk` field of every event; empty name leaves it out.
    std::string sdkName = "gametelemetry-cpp";
    std::string sdkVersion = kSdkVersion;
    /// Directory of the durable queue when no Storage is given; empty keeps events in memory only.
    std::string storageDirectory;

    /// Events per request, 1 to 500. A full batch is sent at once.
    int batchSize = 100;
    /// The longest an event waits before it is sent.
    int flushIntervalMs = 10000;
    /// A pause at least this long ends the session; the next resume starts a new one.
    int sessionTimeoutMs = 60000;
    /// First retry delay; doubles per failure up to maxRetryDelayMs, with jitter (50-100% of it).
    int initialRetryDelayMs = 1000;
    int maxRetryDelayMs = 60000;
    /// A server's Retry-After is honoured up to this long (a longer one is taken as a mistake).
    int maxRetryAfterMs = 600000;
    /// Queue bounds: past either, the oldest events are dropped (and counted).
    int maxQueueSize = 10000;
    int64_t maxQueueBytes = 8LL * 1024 * 1024;
    /// The most time tick() spends per call (per frame).
    double frameBudgetMs = 2.0;
    int requestTimeoutMs = 30000;
    /// Optional per-game-client signing secret: adds X-Signature. Empty: off. See the docs for its limits.
    std::string signingSecret;
    /// gzip bodies of 1 KiB or more (needs a Compressor in Services).
    bool compress = true;
};

/// Counters since the client was created.
struct Stats {
    int64_t enqueued = 0;
    int64_t accepted = 0;
    int64_t rejected = 0;
    int64_t refused = 0;
    int64_t droppedBadRequest = 0;
    int64_t droppedTooLarge = 0;
    int64_t droppedOverflow = 0;
    int64_t droppedCorrupt = 0;
    int64_t requests = 0;
    int64_t failedRequests = 0;
    size_t queued = 0;
    /// True after a 401/403/404: sending stopped until the client is created again.
    bool halted = false;
    std::string lastError;
};

/// Optional replacements for the client's surroundings; anything left empty gets the default.
struct Services {
    std::shared_ptr<Clock> clock;
    std::shared_ptr<IdGenerator> ids;
    std::shared_ptr<RandomSource> random;
    std::shared_ptr<Storage> storage;
    std::shared_ptr<Logger> logger;
    std::shared_ptr<Compressor> compressor;
};

class TelemetryClient {
public:
    static const char* const kSessionFile;
    static const char* const kPlayerFile;

    TelemetryClient(Config config, std::shared_ptr<HttpTransport> transport, Services services = Services());
    ~TelemetryClient();
    TelemetryClient(const TelemetryClient&) = delete;
    TelemetryClient& operator=(const TelemetryClient&) = delete;

    /// False when the configuration was refused (see initError()): every call is then ignored.
    bool enabled() const { return enabled_; }
    const std::string& initError() const { return initError_; }
    const std::string& playerId() const { return playerId_; }
    std::string sessionId() const;
    Stats stats() const;

    /// Starts a session; an active one is ended first. Events outside a session start one.
    bool startSession();
    /// Ends the session (session_end with its active seconds) and sends what is queued.
    bool endSession();
    /// The game went to the background: the session's clock stops; the queue is written and sent.
    void pause();
    /// Back from the background: the session continues, or after sessionTimeoutMs a new one starts.
    void resume();

    /// A design event, e.g. track("Kill:Sword:Robot", 1). Name: 1-5 parts of A-Z a-z 0-9 _ . - joined by ':'.
    bool track(const std::string& name, std::optional<double> value = std::nullopt, const Properties& properties = {});
    bool progression(ProgressionStatus status, const std::string& level, std::optional<double> score = std::nullopt,
                     std::optional<int> attempt = std::nullopt, const Properties& properties = {});
    /// amount in minor units (cents): 4.99 EUR is purchase("EUR", 499, ...).
    bool purchase(const std::string& currency, int64_t amount, const std::string& itemId,
                  const std::optional<std::string>& itemType = std::nullopt,
                  const std::optional<std::string>& transactionId = std::nullopt, const Properties& properties = {});
    /// An error report; messages longer than 8192 characters are cut.
    bool error(ErrorSeverity severity, const std::string& message, const Properties& properties = {});

    /// Asks for everything queued to be sent now (a wait after a failure is still honoured).
    void flush();
    /// Does the pending work within frameBudgetMs: call it once per frame.
    void tick();
    /// Writes everything to disk and stops; with waitMs > 0 keeps sending that long first (only
    /// useful when the transport completes on another thread). Unsent events wait for the next start.
    void shutdown(int waitMs = 0);

    /// For tests: the queue, to force a compaction at a chosen moment.
    EventQueue* queueForTests() { return queue_.get(); }

private:
    struct Session {
        std::string id;
        int64_t startedAtUnix = 0;
        double activeMs = 0;
        double resumedAt = 0;
        bool paused = false;
        int64_t pausedAtUnix = 0;
    };

    std::string checkConfig();
    void openStorage();
    std::string loadOrCreatePlayerId();
    void beginSession();
    void endActiveSession();
    void closeSession(int64_t atUnix, double activeMs);
    void saveSession();
    void recoverSession();
    bool refuse(const std::string& why);
    bool emit(const char* type, const std::string& fields, const Properties& properties);
    void enqueue(std::string json);
    void log(LogLevel level, const std::string& message);
    void persist(const std::function<bool()>& overBudget);
    void persistNow(bool sync);
    void compact(const std::function<bool()>& overBudget);
    void storageFailed(const std::string& what);
    void maybeSend();
    void sendBatch(size_t maxEvents, bool resign);
    void drainInbox();
    void handle(const HttpResponse& response);
    void retryLater(std::optional<int64_t> retryAfterMs, const std::string& why);

    Config config_;
    std::shared_ptr<HttpTransport> transport_;
    Services services_;
    /// Answers waiting for tick(); shared with the transport's callbacks, which may outlive the client.
    struct Inbox {
        std::mutex mutex;
        std::vector<std::pair<int, HttpResponse>> answers;
    };

    mutable std::recursive_mutex mutex_;
    std::shared_ptr<Inbox> inbox_ = std::make_shared<Inbox>();
    Stats stats_;
    std::unique_ptr<EventQueue> queue_;
    std::string playerId_;
    std::string eventsUrl_;
    bool enabled_ = false;
    bool shutDown_ = false;
    std::string initError_;
    std::optional<Session> session_;
    double lastSessionSave_ = -1e300;
    bool inFlight_ = false;
    int generation_ = 0;
    int64_t batchLastSeq_ = 0;
    size_t batchCount_ = 0;
    int sendLimit_ = 500;
    int failures_ = 0;
    double nextAttemptAt_ = 0;
    bool flushRequested_ = false;
    bool halted_ = false;
    int64_t serverSkewSeconds_ = 0;
    /// Events of the batch refused SIGNATURE_EXPIRED, to be sent again at once (0: none).
    size_t resignCount_ = 0;
    /// The request in flight is that resend: another SIGNATURE_EXPIRED halts.
    bool resignInFlight_ = false;
    double storageRetryAt_ = -1e300;
};

}  // namespace gt
