// Delivery is at least once. An event leaves the queue (and the file) only when the server has
// answered for it: accepted, rejected one by one, refused as a bad batch (400), or too large
// alone (413). Network errors, 408, 425, 429 and 5xx are retried with exponential backoff and
// jitter, never sooner than Retry-After. 401, 403 and other 4xx stop sending until the client is
// created again (a new launch or a new key), keeping the queue: retrying cannot fix a key or a URL.
// The exception: a signed request refused 401 SIGNATURE_EXPIRED with a Date header is sent again
// at once, signed on the server's clock learnt from that Date; only a second one in a row halts.
// The same rules as the Unity SDK (TelemetryClient.cs) and the shared vectors (libs/sdk-vectors).
#include "GameTelemetryCore/GtTelemetry.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <locale>
#include <sstream>
#include <thread>

#include "GameTelemetryCore/GtCrypto.h"
#include "GameTelemetryCore/GtStorage.h"
#include "GameTelemetryCore/GtText.h"

namespace gt {
namespace detail_client {

constexpr double kSessionSaveIntervalMs = 10000;
constexpr double kStorageRetryMs = 5000;
const char* const kPlaceholderId = "00000000-0000-4000-8000-000000000000";

void field(std::string& out, const char* key, const std::string& value) {
    out += ",\"";
    out += key;
    out += "\":";
    appendJsonString(out, value);
}

void field(std::string& out, const char* key, double value) {
    out += ",\"";
    out += key;
    out += "\":";
    formatJsonNumber(value, out);
}

const char* statusName(ProgressionStatus s) {
    switch (s) {
        case ProgressionStatus::Start: return "start";
        case ProgressionStatus::Complete: return "complete";
        case ProgressionStatus::Fail: return "fail";
    }
    return nullptr;
}

const char* severityName(ErrorSeverity s) {
    switch (s) {
        case ErrorSeverity::Debug: return "debug";
        case ErrorSeverity::Info: return "info";
        case ErrorSeverity::Warning: return "warning";
        case ErrorSeverity::Error: return "error";
        case ErrorSeverity::Critical: return "critical";
    }
    return nullptr;
}

/// The properties object as JSON (empty when nothing is left), after dropping what ingestion
/// would refuse; each problem is added to `problems`.
std::string propertiesJson(const Properties& properties, std::vector<std::string>& problems) {
    std::string out;
    std::vector<std::string> seen;
    int kept = 0;
    for (const auto& p : properties) {
        const std::string key = sanitizeUtf8(p.first);
        if (!isValidPropertyKey(key)) {
            problems.push_back("property key '" + key + "' dropped: keys are 1-64 of A-Z a-z 0-9 _ . - starting with a letter or _");
            continue;
        }
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
        std::string value;
        switch (p.second.kind()) {
            case PropertyValue::Kind::String: {
                const std::string s = sanitizeUtf8(p.second.string());
                appendJsonString(value, codePointLength(s) > static_cast<size_t>(limits::kPropertyStringMaxLength)
                                            ? truncateCodePoints(s, limits::kPropertyStringMaxLength)
                                            : s);
                break;
            }
            case PropertyValue::Kind::Number:
                if (!formatJsonNumber(p.second.number(), value)) value.clear();
                break;
            case PropertyValue::Kind::Bool:
                value = p.second.boolean() ? "true" : "false";
                break;
            case PropertyValue::Kind::Invalid:
                break;
        }
        if (value.empty()) {
            problems.push_back("property '" + key + "' dropped: values are strings, booleans or finite numbers");
            continue;
        }
        if (kept == limits::kMaxProperties) {
            problems.push_back("property '" + key + "' dropped: at most 50 properties per event");
            continue;
        }
        seen.push_back(key);
        out += kept == 0 ? '{' : ',';
        appendJsonString(out, key);
        out += ':';
        out += value;
        ++kept;
    }
    if (kept > 0) out += '}';
    return out;
}

/// Canonical key order: the contract schema's (type, eventId, playerId, sessionId, timestamp,
/// properties, appVersion, sdk, then the type's own fields).
std::string buildEvent(const std::string& eventId, const char* type, const std::string& playerId, const std::string& sessionId,
                       int64_t unixMs, const std::string& fields, const std::string& properties, const Config& config) {
    std::string out;
    out.reserve(256 + fields.size() + properties.size());
    out += "{\"type\":\"";
    out += type;
    out += "\",\"eventId\":";
    appendJsonString(out, eventId);
    out += ",\"playerId\":";
    appendJsonString(out, playerId);
    out += ",\"sessionId\":";
    appendJsonString(out, sessionId);
    out += ",\"timestamp\":\"";
    out += formatIsoTimestamp(unixMs);
    out += '"';
    if (!properties.empty()) {
        out += ",\"properties\":";
        out += properties;
    }
    if (!config.appVersion.empty()) field(out, "appVersion", config.appVersion);
    if (!config.sdkName.empty()) {
        out += ",\"sdk\":{\"name\":";
        appendJsonString(out, config.sdkName);
        out += ",\"version\":";
        appendJsonString(out, config.sdkVersion);
        out += '}';
    }
    out += fields;
    out += '}';
    return out;
}

/// Whole seconds, rounded half up as JavaScript's Math.round (the TypeScript SDK's rule).
double durationSeconds(double activeMs) {
    const double seconds = std::floor((std::max)(0.0, activeMs) / 1000.0 + 0.5);
    return (std::min)(seconds, limits::kMaxSessionDurationSeconds);
}

int64_t floorDiv1000(int64_t ms) {
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

std::string haltAdvice(int status, const std::string& code) {
    if (status == 401 && code == "SIGNATURE_EXPIRED") {
        return "Check the device clock (the request was signed outside the server's time window even on the server's time "
               "learnt from its Date header) and the signing secret.";
    }
    if (status == 401 && code == "SIGNATURE_MISSING") {
        return "Check the signing secret: set signingSecret to one of this game client's secrets (portal, API keys, "
               "Request signing).";
    }
    if (status == 401 && code.rfind("SIGNATURE_", 0) == 0) {
        return "Check the signing secret: signingSecret must be a live signing secret of this game client (portal, API "
               "keys, Request signing).";
    }
    if (status == 401) return "Check the API key: copy the game client's key from the portal, and that it is not revoked.";
    if (status == 403) return "The key is not allowed to send (the game client may be disabled).";
    if (status == 404 || status == 405) return "Check the endpoint: it must be the ingestion service's base URL (the SDK adds /v1/events).";
    return "This answer cannot be fixed by retrying.";
}

bool isHttpUrl(const std::string& s) {
    const bool http = s.rfind("http://", 0) == 0 && s.size() > 7;
    const bool https = s.rfind("https://", 0) == 0 && s.size() > 8;
    return (http || https) && s.find(' ') == std::string::npos;
}

}  // namespace detail_client

const char* const TelemetryClient::kSessionFile = "session.json";
const char* const TelemetryClient::kPlayerFile = "player.id";

PropertyValue::PropertyValue(float n) : kind_(Kind::Number) {
    // A float as its shortest decimal (0.1f is 0.1, not 0.10000000149011612): games hold most
    // numbers in floats, and their shortest float spelling is what was meant.
    if (!std::isfinite(n)) {
        number_ = n;
        return;
    }
    for (int precision = 1; precision <= 9; ++precision) {
        std::ostringstream os;
        os.imbue(std::locale::classic());
        os.precision(precision);
        os << n;
        std::istringstream is(os.str());
        is.imbue(std::locale::classic());
        double d = 0;
        is >> d;
        if (!is.fail() && static_cast<float>(d) == n) {
            number_ = d;
            return;
        }
    }
    number_ = n;
}

TelemetryClient::TelemetryClient(Config config, std::shared_ptr<HttpTransport> transport, Services services)
    : config_(std::move(config)), transport_(std::move(transport)), services_(std::move(services)) {
    if (!services_.clock) services_.clock = std::make_shared<SystemClock>();
    if (!services_.ids) services_.ids = std::make_shared<RandomIdGenerator>();
    if (!services_.random) services_.random = std::make_shared<SystemRandomSource>();
    if (!services_.logger) services_.logger = std::make_shared<NullLogger>();
    initError_ = checkConfig();
    if (!initError_.empty()) {
        stats_.lastError = initError_;
        log(LogLevel::Error, "not started: " + initError_);
        return;
    }
    std::string base = config_.endpoint;
    while (!base.empty() && base.back() == '/') base.pop_back();
    eventsUrl_ = base + "/v1/events";
    openStorage();
    playerId_ = config_.playerId.empty() ? loadOrCreatePlayerId() : config_.playerId;
    enabled_ = true;
    recoverSession();
    log(LogLevel::Info, "started: key " + keyDisplayPrefix(config_.apiKey) + ", endpoint " + eventsUrl_ + ", " +
                            std::to_string(queue_->count()) + " event(s) waiting from earlier runs");
}

TelemetryClient::~TelemetryClient() {
    shutdown(0);
}

std::string TelemetryClient::checkConfig() {
    if (!transport_) return "no HTTP transport given";
    const char* key = checkApiKey(config_.apiKey);
    if (key && std::string(key) == "KEY_MALFORMED") {
        return "apiKey is malformed (KEY_MALFORMED): copy the game client's key from the portal; it looks like "
               "gtk_live_<32 letters or digits>_<6 letters or digits>";
    }
    if (key) return "apiKey has a bad checksum (KEY_BAD_CHECKSUM): it was probably mistyped or cut; copy it again from the portal";
    if (!detail_client::isHttpUrl(config_.endpoint)) {
        return "endpoint must be the ingestion service's http(s) base URL, e.g. https://ingest.example.com; got '" +
               config_.endpoint + "'";
    }
    config_.playerId = sanitizeUtf8(config_.playerId);
    config_.appVersion = sanitizeUtf8(config_.appVersion);
    config_.sdkName = sanitizeUtf8(config_.sdkName);
    config_.sdkVersion = sanitizeUtf8(config_.sdkVersion);
    if (codePointLength(config_.playerId) > static_cast<size_t>(limits::kIdMaxLength)) return "playerId is longer than 128 characters";
    if (codePointLength(config_.appVersion) > static_cast<size_t>(limits::kAppVersionMaxLength)) return "appVersion is longer than 32 characters";
    if (codePointLength(config_.sdkName) > static_cast<size_t>(limits::kSdkNameMaxLength)) return "sdkName is longer than 32 characters";
    if (codePointLength(config_.sdkVersion) > static_cast<size_t>(limits::kSdkVersionMaxLength)) return "sdkVersion is longer than 32 characters";
    if (!config_.sdkName.empty() && config_.sdkVersion.empty()) config_.sdkName.clear();
    config_.batchSize = (std::max)(1, (std::min)(limits::kMaxEventsPerRequest, config_.batchSize));
    config_.flushIntervalMs = (std::max)(0, config_.flushIntervalMs);
    config_.sessionTimeoutMs = (std::max)(0, config_.sessionTimeoutMs);
    config_.initialRetryDelayMs = (std::max)(1, config_.initialRetryDelayMs);
    config_.maxRetryDelayMs = (std::max)(config_.initialRetryDelayMs, config_.maxRetryDelayMs);
    config_.maxRetryAfterMs = (std::max)(0, config_.maxRetryAfterMs);
    config_.maxQueueSize = (std::max)(1, config_.maxQueueSize);
    config_.maxQueueBytes = (std::max<int64_t>)(static_cast<int64_t>(limits::kMaxEventBytes), config_.maxQueueBytes);
    if (!(config_.frameBudgetMs > 0)) config_.frameBudgetMs = 2.0;
    config_.requestTimeoutMs = (std::max)(1000, config_.requestTimeoutMs);
    return std::string();
}

void TelemetryClient::log(LogLevel level, const std::string& message) {
    services_.logger->log(level, message);
}

void TelemetryClient::openStorage() {
    if (!services_.storage && !config_.storageDirectory.empty()) {
        auto files = std::make_shared<FileStorage>(config_.storageDirectory);
        if (files->ok()) services_.storage = files;
        else log(LogLevel::Warning, "cannot use " + config_.storageDirectory + "; events are kept in memory only");
    }
    if (!services_.storage) services_.storage = std::make_shared<MemoryStorage>();
    queue_ = std::make_unique<EventQueue>(*services_.storage, *services_.logger);
    QueueLoadReport report = queue_->open(services_.clock->monotonicMillis() - 1e12);
    if (report.readFailed) {
        log(LogLevel::Warning, "cannot read the queue file; events are kept in memory only");
        services_.storage = std::make_shared<MemoryStorage>();
        queue_ = std::make_unique<EventQueue>(*services_.storage, *services_.logger);
        queue_->open(services_.clock->monotonicMillis());
    }
    stats_.droppedCorrupt += static_cast<int64_t>(report.corruptRecords);
    if (report.corruptRecords > 0) log(LogLevel::Warning, std::to_string(report.corruptRecords) + " damaged record(s) skipped in the queue file");
    if (report.migrated) {
        log(LogLevel::Info, "queue file upgraded from format version " + std::to_string(report.formatVersion) + " (" +
                                std::to_string(report.restored) + " events)");
    }
    while (queue_->count() > static_cast<size_t>(config_.maxQueueSize) ||
           queue_->bytes() > static_cast<size_t>(config_.maxQueueBytes)) {
        queue_->dropOldest();
        stats_.droppedOverflow++;
    }
}

std::string TelemetryClient::loadOrCreatePlayerId() {
    std::string saved;
    if (services_.storage->read(kPlayerFile, saved)) {
        while (!saved.empty() && (saved.back() == '\n' || saved.back() == '\r' || saved.back() == ' ')) saved.pop_back();
        saved = sanitizeUtf8(saved);
        if (!saved.empty() && codePointLength(saved) <= static_cast<size_t>(limits::kIdMaxLength)) return saved;
    }
    std::string fresh = services_.ids->nextId();
    const std::string tmp = std::string(kPlayerFile) + ".tmp";
    if (!services_.storage->write(tmp, fresh, true) || !services_.storage->replace(tmp, kPlayerFile)) {
        log(LogLevel::Warning, "cannot keep the player id; using one for this run");
    }
    return fresh;
}

std::string TelemetryClient::sessionId() const {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    return session_ ? session_->id : std::string();
}

Stats TelemetryClient::stats() const {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    Stats s = stats_;
    s.queued = queue_ ? queue_->count() : 0;
    s.halted = halted_;
    return s;
}

// ------------------------------------------------------------------ sessions

bool TelemetryClient::startSession() {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    if (!enabled_) return false;
    if (session_) endActiveSession();
    beginSession();
    return true;
}

bool TelemetryClient::endSession() {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    if (!enabled_ || !session_) return false;
    endActiveSession();
    flushRequested_ = true;
    return true;
}

void TelemetryClient::endActiveSession() {
    const Session& s = *session_;
    const double activeMs = s.activeMs + (s.paused ? 0 : services_.clock->monotonicMillis() - s.resumedAt);
    // Ended while in the background: the session ended when the player left.
    closeSession(s.paused ? s.pausedAtUnix : services_.clock->unixMillis(), activeMs);
}

void TelemetryClient::pause() {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    if (!enabled_) return;
    if (session_ && !session_->paused) {
        session_->activeMs += services_.clock->monotonicMillis() - session_->resumedAt;
        session_->paused = true;
        session_->pausedAtUnix = services_.clock->unixMillis();
        saveSession();
    }
    flushRequested_ = true;
    // The OS may end a backgrounded game without warning: everything goes to disk now.
    persistNow(true);
}

void TelemetryClient::resume() {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    if (!enabled_ || !session_ || !session_->paused) return;
    // Wall-clock gap: a monotonic clock may stand still while the device sleeps.
    const int64_t gap = services_.clock->unixMillis() - session_->pausedAtUnix;
    if (gap >= config_.sessionTimeoutMs) {
        closeSession(session_->pausedAtUnix, session_->activeMs);
        beginSession();
    } else {
        session_->paused = false;
        session_->resumedAt = services_.clock->monotonicMillis();
        saveSession();
    }
}

void TelemetryClient::beginSession() {
    Session s;
    s.id = services_.ids->nextId();
    s.startedAtUnix = services_.clock->unixMillis();
    s.resumedAt = services_.clock->monotonicMillis();
    session_ = s;
    enqueue(detail_client::buildEvent(services_.ids->nextId(), "session_start", playerId_, s.id, s.startedAtUnix, std::string(),
                                      std::string(), config_));
    saveSession();
}

void TelemetryClient::closeSession(int64_t atUnix, double activeMs) {
    std::string fields;
    detail_client::field(fields, "durationSeconds", detail_client::durationSeconds(activeMs));
    enqueue(detail_client::buildEvent(services_.ids->nextId(), "session_end", playerId_, session_->id, atUnix, fields, std::string(),
                                      config_));
    session_.reset();
    services_.storage->remove(kSessionFile);
}

void TelemetryClient::saveSession() {
    if (!session_) return;
    const Session& s = *session_;
    const double active = s.activeMs + (s.paused ? 0 : services_.clock->monotonicMillis() - s.resumedAt);
    JsonValue o;
    o.type = JsonValue::Type::Object;
    auto number = [](double n) {
        JsonValue v;
        v.type = JsonValue::Type::Number;
        v.number = n;
        return v;
    };
    auto text = [](const std::string& t) {
        JsonValue v;
        v.type = JsonValue::Type::String;
        v.string = t;
        return v;
    };
    o.object.emplace_back("v", number(1));
    o.object.emplace_back("sessionId", text(s.id));
    o.object.emplace_back("playerId", text(playerId_));
    o.object.emplace_back("startedAt", number(static_cast<double>(s.startedAtUnix)));
    o.object.emplace_back("activeMs", number(std::round(active)));
    o.object.emplace_back("lastSeenAt", number(static_cast<double>(s.paused ? s.pausedAtUnix : services_.clock->unixMillis())));
    lastSessionSave_ = services_.clock->monotonicMillis();
    const std::string tmp = std::string(kSessionFile) + ".tmp";
    if (!services_.storage->write(tmp, o.stringify(), false) || !services_.storage->replace(tmp, kSessionFile)) {
        log(LogLevel::Warning, "storage: cannot save the session state");
    }
}

void TelemetryClient::recoverSession() {
    std::string data;
    if (!services_.storage->read(kSessionFile, data)) return;
    JsonValue o;
    if (JsonValue::parse(data, o) && o.isObject()) {
        const std::string id = o.getString("sessionId");
        const std::string player = o.getString("playerId");
        const JsonValue* lastSeen = o.get("lastSeenAt");
        const JsonValue* active = o.get("activeMs");
        if (isValidRequired(id, limits::kIdMaxLength) && !player.empty() && lastSeen && lastSeen->isNumber() && active &&
            active->isNumber()) {
            // The previous run ended without closing its session (killed, crashed): close it as of its last sign of life.
            std::string fields;
            detail_client::field(fields, "durationSeconds", detail_client::durationSeconds(active->number));
            enqueue(detail_client::buildEvent(services_.ids->nextId(), "session_end", player, id,
                                              static_cast<int64_t>(lastSeen->number), fields, std::string(), config_));
            log(LogLevel::Info, "closed session " + id + " left open by the previous run");
        }
    }
    services_.storage->remove(kSessionFile);
}

// ------------------------------------------------------------------ events

bool TelemetryClient::refuse(const std::string& why) {
    {
        std::lock_guard<std::recursive_mutex> lock(mutex_);
        if (!enabled_) return false;
        stats_.refused++;
        stats_.lastError = why;
    }
    log(LogLevel::Warning, "event refused: " + why);
    return false;
}

bool TelemetryClient::track(const std::string& rawName, std::optional<double> value, const Properties& properties) {
    const std::string name = sanitizeUtf8(rawName);
    if (!isValidDesignName(name)) {
        return refuse("track: name '" + name + "' must be 1 to 5 parts of A-Z a-z 0-9 _ . - joined by ':' (at most 128 characters)");
    }
    if (value && !std::isfinite(*value)) return refuse("track: value must be a finite number");
    std::string fields;
    detail_client::field(fields, "name", name);
    if (value) detail_client::field(fields, "value", *value);
    return emit("design", fields, properties);
}

bool TelemetryClient::progression(ProgressionStatus status, const std::string& rawLevel, std::optional<double> score,
                                  std::optional<int> attempt, const Properties& properties) {
    const char* statusText = detail_client::statusName(status);
    const std::string level = sanitizeUtf8(rawLevel);
    if (!statusText) return refuse("progression: unknown status");
    if (!isValidRequired(level, limits::kProgressionLevelMaxLength)) return refuse("progression: level must be 1 to 64 characters");
    if (score && !std::isfinite(*score)) return refuse("progression: score must be a finite number");
    if (attempt && *attempt < 1) return refuse("progression: attempt counts from 1");
    std::string fields;
    detail_client::field(fields, "status", statusText);
    detail_client::field(fields, "level", level);
    if (score) detail_client::field(fields, "score", *score);
    if (attempt) detail_client::field(fields, "attempt", static_cast<double>(*attempt));
    return emit("progression", fields, properties);
}

bool TelemetryClient::purchase(const std::string& currency, int64_t amount, const std::string& rawItemId,
                               const std::optional<std::string>& itemType, const std::optional<std::string>& transactionId,
                               const Properties& properties) {
    const std::string itemId = sanitizeUtf8(rawItemId);
    if (!isValidCurrency(currency)) return refuse("purchase: currency must be an ISO 4217 code in capitals, e.g. EUR; got '" + sanitizeUtf8(currency) + "'");
    if (amount < 0 || amount > limits::kPurchaseMaxAmount) return refuse("purchase: amount must be a whole number of minor units from 0 to 2^53-1");
    if (!isValidRequired(itemId, limits::kPurchaseItemIdMaxLength)) return refuse("purchase: itemId must be 1 to 64 characters");
    std::optional<std::string> type;
    std::optional<std::string> transaction;
    if (itemType) type = sanitizeUtf8(*itemType);
    if (transactionId) transaction = sanitizeUtf8(*transactionId);
    if (type && codePointLength(*type) > static_cast<size_t>(limits::kPurchaseItemTypeMaxLength)) return refuse("purchase: itemType is longer than 64 characters");
    if (transaction && codePointLength(*transaction) > static_cast<size_t>(limits::kPurchaseTransactionIdMaxLength)) {
        return refuse("purchase: transactionId is longer than 128 characters");
    }
    std::string fields;
    detail_client::field(fields, "currency", currency);
    fields += ",\"amount\":" + std::to_string(static_cast<long long>(amount));
    detail_client::field(fields, "itemId", itemId);
    if (type) detail_client::field(fields, "itemType", *type);
    if (transaction) detail_client::field(fields, "transactionId", *transaction);
    return emit("purchase", fields, properties);
}

bool TelemetryClient::error(ErrorSeverity severity, const std::string& rawMessage, const Properties& properties) {
    const char* severityText = detail_client::severityName(severity);
    if (!severityText) return refuse("error: unknown severity");
    std::string message = sanitizeUtf8(rawMessage);
    if (message.empty()) return refuse("error: message must not be empty");
    if (codePointLength(message) > static_cast<size_t>(limits::kErrorMessageMaxLength)) {
        message = truncateCodePoints(message, limits::kErrorMessageMaxLength);
    }
    std::string fields;
    detail_client::field(fields, "severity", severityText);
    detail_client::field(fields, "message", message);
    return emit("error", fields, properties);
}

bool TelemetryClient::emit(const char* type, const std::string& fields, const Properties& properties) {
    std::vector<std::string> problems;
    const std::string props = detail_client::propertiesJson(properties, problems);
    for (const auto& p : problems) log(LogLevel::Warning, std::string(type) + " event: " + p);
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    if (!enabled_) return false;
    const int64_t now = services_.clock->unixMillis();
    // Checked before any id is used: a refused call must leave no trace.
    const std::string sessionForSize = session_ ? session_->id : detail_client::kPlaceholderId;
    const std::string probe =
        detail_client::buildEvent(detail_client::kPlaceholderId, type, playerId_, sessionForSize, now, fields, props, config_);
    if (probe.size() > limits::kMaxEventBytes) {
        stats_.refused++;
        stats_.lastError = std::string(type) + " event larger than 16384 bytes as JSON";
        log(LogLevel::Warning, "event refused: " + stats_.lastError);
        return false;
    }
    if (!session_) beginSession();
    enqueue(detail_client::buildEvent(services_.ids->nextId(), type, playerId_, session_->id, now, fields, props, config_));
    return true;
}

void TelemetryClient::enqueue(std::string json) {
    while (queue_->count() > 0 && (queue_->count() >= static_cast<size_t>(config_.maxQueueSize) ||
                                   static_cast<int64_t>(queue_->bytes() + json.size()) > config_.maxQueueBytes)) {
        queue_->dropOldest();
        stats_.droppedOverflow++;
        if (stats_.droppedOverflow == 1 || stats_.droppedOverflow % 1000 == 0) {
            log(LogLevel::Warning, "queue full: dropped the oldest event; " + std::to_string(stats_.droppedOverflow) + " dropped so far");
        }
    }
    queue_->enqueue(std::move(json), services_.clock->monotonicMillis());
    stats_.enqueued++;
}

// ------------------------------------------------------------------ driving

void TelemetryClient::flush() {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    flushRequested_ = true;
}

void TelemetryClient::tick() {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    if (!enabled_) return;
    Clock& clock = *services_.clock;
    const double start = clock.monotonicMillis();
    const double budget = config_.frameBudgetMs;
    const std::function<bool()> overBudget = [&clock, start, budget] { return clock.monotonicMillis() - start >= budget; };
    drainInbox();
    if (!overBudget()) persist(overBudget);
    if (!overBudget()) compact(overBudget);
    if (!overBudget() && session_ && !session_->paused && clock.monotonicMillis() - lastSessionSave_ >= detail_client::kSessionSaveIntervalMs) {
        saveSession();
    }
    if (!overBudget()) maybeSend();
}

void TelemetryClient::persist(const std::function<bool()>& overBudget) {
    if (!queue_->hasPendingWrites() || services_.clock->monotonicMillis() < storageRetryAt_) return;
    if (!queue_->writePending(overBudget, false)) storageFailed("cannot write the queue file");
}

void TelemetryClient::persistNow(bool sync) {
    if (!queue_->writePending([] { return false; }, sync)) storageFailed("cannot write the queue file");
}

void TelemetryClient::compact(const std::function<bool()>& overBudget) {
    if (services_.clock->monotonicMillis() < storageRetryAt_) return;
    if (!queue_->compactStep(overBudget)) {
        queue_->abortCompaction();
        storageFailed("cannot compact the queue file");
    }
}

void TelemetryClient::storageFailed(const std::string& what) {
    storageRetryAt_ = services_.clock->monotonicMillis() + detail_client::kStorageRetryMs;
    log(LogLevel::Warning, what + "; retrying in 5 s");
    if (static_cast<int64_t>(queue_->pendingBytes()) > 4 * config_.maxQueueBytes) {
        queue_->discardPending();
        log(LogLevel::Error, "the queue file keeps failing; events written since are kept in memory only");
    }
}

void TelemetryClient::maybeSend() {
    if (queue_->count() == 0 && !inFlight_) {
        flushRequested_ = false;
        // Everything went through: later events may be smaller than those that needed a lowered limit after a 413.
        sendLimit_ = limits::kMaxEventsPerRequest;
    }
    if (inFlight_ || halted_ || shutDown_ || queue_->count() == 0) return;
    if (resignCount_ > 0) {
        sendBatch(resignCount_, true);
        return;
    }
    const double now = services_.clock->monotonicMillis();
    const bool due = failures_ > 0 ? now >= nextAttemptAt_
                                   : flushRequested_ || queue_->count() >= static_cast<size_t>(config_.batchSize) ||
                                         now - queue_->oldestEnqueuedAt() >= config_.flushIntervalMs;
    if (due) sendBatch(static_cast<size_t>(std::min(config_.batchSize, sendLimit_)), false);
}

void TelemetryClient::sendBatch(size_t maxEvents, bool resign) {
    resignCount_ = 0;
    resignInFlight_ = resign;
    const auto batch = queue_->peek(maxEvents, limits::kMaxRequestBytes);
    std::string body = "{\"events\":[";
    for (size_t i = 0; i < batch.size(); ++i) {
        if (i > 0) body += ',';
        body += batch[i]->json;
    }
    body += "]}";
    batchLastSeq_ = batch.back()->seq;
    batchCount_ = batch.size();
    HttpRequest request;
    request.url = eventsUrl_;
    request.timeoutMs = config_.requestTimeoutMs;
    request.headers.emplace_back("Content-Type", "application/json");
    request.headers.emplace_back("X-API-Key", config_.apiKey);
    if (!config_.signingSecret.empty()) {
        const int64_t t = detail_client::floorDiv1000(services_.clock->unixMillis()) + serverSkewSeconds_;
        request.headers.emplace_back("X-Signature", signatureHeader(config_.signingSecret, t, body));
    }
    std::string gz;
    if (config_.compress && services_.compressor && body.size() >= 1024 && services_.compressor->gzip(body, gz)) {
        request.body = std::move(gz);
        request.headers.emplace_back("Content-Encoding", "gzip");
    } else {
        request.body = std::move(body);
    }
    inFlight_ = true;
    const int generation = ++generation_;
    stats_.requests++;
    std::weak_ptr<Inbox> inbox = inbox_;
    transport_->send(std::move(request), [inbox, generation](HttpResponse response) {
        if (auto box = inbox.lock()) {
            std::lock_guard<std::mutex> lock(box->mutex);
            box->answers.emplace_back(generation, std::move(response));
        }
    });
}

void TelemetryClient::drainInbox() {
    std::vector<std::pair<int, HttpResponse>> answers;
    {
        std::lock_guard<std::mutex> lock(inbox_->mutex);
        answers.swap(inbox_->answers);
    }
    for (const auto& a : answers) {
        if (a.first == generation_ && inFlight_) handle(a.second);
    }
}

void TelemetryClient::handle(const HttpResponse& r) {
    inFlight_ = false;
    const int64_t lastSeq = batchLastSeq_;
    const size_t n = batchCount_;
    const bool wasResign = resignInFlight_;
    resignInFlight_ = false;
    bool learntClock = false;
    if (!r.networkError) {
        const std::string* date = r.header("Date");
        int64_t serverSeconds = 0;
        if (date && parseHttpDate(*date, serverSeconds)) {
            serverSkewSeconds_ = serverSeconds - detail_client::floorDiv1000(services_.clock->unixMillis());
            learntClock = true;
        }
    }
    if (r.networkError) {
        retryLater(std::nullopt, "network error: " + r.errorMessage);
        return;
    }
    const int s = r.status;
    JsonValue answer;
    const bool parsed = JsonValue::parse(r.body, answer) && answer.isObject();
    const std::string code = parsed ? answer.getString("code") : std::string();
    // Errors are problem details (RFC 9457): the human text is `detail`.
    const std::string message = parsed ? answer.getString("detail", answer.getString("message")) : std::string();
    std::string describe = "HTTP " + std::to_string(s);
    if (!code.empty()) describe += " " + code;
    if (!message.empty()) describe += ": " + message;
    if (s >= 200 && s < 300) {
        queue_->removeThrough(lastSeq);
        failures_ = 0;
        size_t rejected = 0;
        const JsonValue* list = parsed ? answer.get("rejected") : nullptr;
        if (list && list->isArray()) {
            for (const auto& item : list->array) {
                if (!item.isObject()) continue;
                ++rejected;
                if (rejected <= 3) log(LogLevel::Warning, "event rejected by the server: " + item.getString("code") + ": " + item.getString("message"));
            }
        }
        rejected = (std::min)(rejected, n);
        stats_.rejected += static_cast<int64_t>(rejected);
        stats_.accepted += static_cast<int64_t>(n - rejected);
        // A small write now keeps the window for a resend after a crash short.
        if (queue_->pendingBytes() < 64 * 1024 && services_.clock->monotonicMillis() >= storageRetryAt_) persistNow(false);
        return;
    }
    if (s == 413) {
        if (n > 1) {
            sendLimit_ = (std::max)(1, static_cast<int>(n / 2));
            log(LogLevel::Info, "request too large (413); sending at most " + std::to_string(sendLimit_) + " events per request");
        } else {
            queue_->removeThrough(lastSeq);
            stats_.droppedTooLarge++;
            stats_.lastError = "an event was too large for the server (413) and was dropped";
            log(LogLevel::Warning, stats_.lastError);
        }
        return;
    }
    if (s == 408 || s == 425 || s == 429 || s >= 500) {
        std::optional<int64_t> retryAfter;
        const std::string* header = r.header("Retry-After");
        int64_t ms = 0;
        if (header && parseRetryAfterMs(*header, services_.clock->unixMillis(), ms)) {
            retryAfter = (std::min<int64_t>)(ms, config_.maxRetryAfterMs);
        }
        retryLater(retryAfter, describe);
        return;
    }
    if (s == 400 || s == 422) {
        queue_->removeThrough(lastSeq);
        failures_ = 0;
        stats_.droppedBadRequest += static_cast<int64_t>(n);
        stats_.lastError = describe;
        log(LogLevel::Error, "the server refused a batch of " + std::to_string(n) + " event(s) (" + describe + "); they were dropped, not retried");
        return;
    }
    if (s == 401 && code == "SIGNATURE_EXPIRED" && learntClock && !config_.signingSecret.empty() && !wasResign) {
        // The device clock is off by more than the server's window: the Date of this answer
        // corrected it, so the same batch goes again at once, re-signed (no backoff step).
        resignCount_ = n;
        stats_.failedRequests++;
        stats_.lastError = describe;
        const long long off = serverSkewSeconds_ < 0 ? -serverSkewSeconds_ : serverSkewSeconds_;
        log(LogLevel::Warning, "the device clock is " + std::to_string(off) +
                                   " s off the server's (" + describe + "); sending again at once, signed with the server's time");
        return;
    }
    if (s >= 400) {
        halted_ = true;
        stats_.lastError = describe;
        const bool signature = code.rfind("SIGNATURE_", 0) == 0;
        log(LogLevel::Error, "sending stopped: " + describe + ". " + detail_client::haltAdvice(s, code) +
                                 " Events stay queued and are sent after the next start with a working " +
                                 (signature ? "signing secret." : "key."));
        return;
    }
    retryLater(std::nullopt, "unexpected " + describe);
}

void TelemetryClient::retryLater(std::optional<int64_t> retryAfterMs, const std::string& why) {
    stats_.failedRequests++;
    failures_++;
    const double step = (std::min<double>)(config_.maxRetryDelayMs,
                                         config_.initialRetryDelayMs * std::pow(2.0, (std::min)(failures_ - 1, 30)));
    double delay = step * (0.5 + 0.5 * services_.random->nextDouble());
    if (retryAfterMs) delay = (std::max)(delay, static_cast<double>(*retryAfterMs));
    nextAttemptAt_ = services_.clock->monotonicMillis() + delay;
    stats_.lastError = why;
    log(failures_ == 1 ? LogLevel::Info : LogLevel::Warning,
        "send failed (" + why + "); retry " + std::to_string(failures_) + " in " + std::to_string(static_cast<long long>(delay)) + " ms");
}

void TelemetryClient::shutdown(int waitMs) {
    {
        std::lock_guard<std::recursive_mutex> lock(mutex_);
        if (!enabled_ || shutDown_) return;
        flushRequested_ = true;
    }
    if (waitMs > 0) {
        const double until = services_.clock->monotonicMillis() + waitMs;
        while (services_.clock->monotonicMillis() < until) {
            tick();
            bool idle;
            {
                std::lock_guard<std::recursive_mutex> lock(mutex_);
                idle = !inFlight_ && (queue_->count() == 0 || halted_ || failures_ > 0);
            }
            if (idle) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    drainInbox();
    saveSession();
    persistNow(true);
    shutDown_ = true;
    enabled_ = false;
    log(LogLevel::Info, "stopped; " + std::to_string(queue_->count()) + " event(s) kept for the next start");
}

}  // namespace gt
