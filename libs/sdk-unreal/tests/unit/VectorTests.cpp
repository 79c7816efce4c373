// Runs the shared test vectors (libs/sdk-vectors, README there): the same scenarios the Unity
// and TypeScript SDKs run, comparing every request byte for byte.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "GameTelemetryCore/GtCrypto.h"
#include "TestDoubles.h"

namespace gt {
namespace test {
namespace {

std::string vectorsDir() {
    if (const char* env = std::getenv("GT_SDK_VECTORS_DIR")) return env;
    return GT_SDK_VECTORS_DIR_DEFAULT;
}

JsonValue load(const std::string& file) {
    std::ifstream in(vectorsDir() + "/" + file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    JsonValue v;
    std::string error;
    EXPECT_TRUE(JsonValue::parse(ss.str(), v, &error)) << file << ": " << error;
    return v;
}

std::vector<std::string> vectorFiles() {
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(vectorsDir(), ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() > 5 && name.substr(name.size() - 5) == ".json" && name != "formats.json") files.push_back(name);
    }
    std::sort(files.begin(), files.end());
    return files;
}

int64_t isoToUnixMs(const std::string& iso) {
    // 2026-11-24T10:00:00.000Z, through the core's own formatter: find the day, then add the time.
    const int year = std::atoi(iso.substr(0, 4).c_str());
    const int month = std::atoi(iso.substr(5, 2).c_str());
    const int day = std::atoi(iso.substr(8, 2).c_str());
    const int64_t hms = std::atoi(iso.substr(11, 2).c_str()) * 3600000LL + std::atoi(iso.substr(14, 2).c_str()) * 60000LL +
                        std::atoi(iso.substr(17, 2).c_str()) * 1000LL + std::atoi(iso.substr(20, 3).c_str());
    char prefix[16];
    std::snprintf(prefix, sizeof prefix, "%04d-%02d-%02d", year, month, day);
    int64_t days = 0;
    while (formatIsoTimestamp(days * 86400000LL).substr(0, 10) < prefix) days += 1;
    return days * 86400000LL + hms;
}

Properties toProperties(const JsonValue* o) {
    Properties props;
    if (!o || !o->isObject()) return props;
    for (const auto& m : o->object) {
        switch (m.second.type) {
            case JsonValue::Type::String: props.emplace_back(m.first, PropertyValue(m.second.string)); break;
            case JsonValue::Type::Number: props.emplace_back(m.first, PropertyValue(m.second.number)); break;
            case JsonValue::Type::Bool: props.emplace_back(m.first, PropertyValue(m.second.boolean)); break;
            default: props.emplace_back(m.first, PropertyValue::invalid()); break;
        }
    }
    return props;
}

class VectorRun {
public:
    explicit VectorRun(const JsonValue& v) : v_(v), name_(v.getString("name")) {
        const JsonValue& c = *v.get("config");
        Config config;
        config.apiKey = c.getString("apiKey");
        config.endpoint = c.getString("endpoint");
        config.playerId = c.getString("playerId");
        config.appVersion = c.getString("appVersion");
        config.signingSecret = c.getString("signingSecret");
        const JsonValue* sdk = c.get("sdk");
        config.sdkName = sdk && sdk->isObject() ? sdk->getString("name") : std::string();
        config.sdkVersion = sdk && sdk->isObject() ? sdk->getString("version") : std::string();
        if (c.has("batchSize")) config.batchSize = static_cast<int>(c.getNumber("batchSize"));
        if (c.has("flushIntervalMs")) config.flushIntervalMs = static_cast<int>(c.getNumber("flushIntervalMs"));
        if (c.has("sessionTimeoutMs")) config.sessionTimeoutMs = static_cast<int>(c.getNumber("sessionTimeoutMs"));
        if (const JsonValue* retry = c.get("retry")) {
            if (retry->has("initialDelayMs")) config.initialRetryDelayMs = static_cast<int>(retry->getNumber("initialDelayMs"));
            if (retry->has("maxDelayMs")) config.maxRetryDelayMs = static_cast<int>(retry->getNumber("maxDelayMs"));
        }
        config.compress = false;  // vectors compare request bodies as JSON text
        std::vector<std::string> ids;
        for (const auto& id : v.get("ids")->array) ids.push_back(id.string);
        clock_ = std::make_shared<FakeClock>(isoToUnixMs(v.getString("clock")));
        initRefused_ = v.getBool("initRefused");
        Services s;
        s.clock = clock_;
        s.ids = std::make_shared<ListIds>(ids);
        s.random = std::make_shared<FixedRandom>(v.getNumber("random", 0.5));
        s.storage = std::make_shared<MemoryStorage>();
        client_ = std::make_unique<TelemetryClient>(config, transport_, s);
        EXPECT_EQ(!initRefused_, client_->enabled()) << name_ << ": " << client_->initError();
    }

    void run() {
        pump();
        int index = 0;
        for (const auto& step : v_.get("steps")->array) {
            const std::string where = name_ + " step " + std::to_string(index++) + " " + step.stringify().substr(0, 300);
            if (step.has("call")) {
                call(step, where);
            } else if (step.has("advanceMs")) {
                clock_->advance(step.getNumber("advanceMs"));
                pump();
            } else if (step.has("expectNoRequest")) {
                auto* o = transport_->outstanding();
                EXPECT_EQ(nullptr, o) << where << ": unexpected request " << (o ? o->body() : std::string());
            } else if (step.has("request")) {
                request(step, where);
            } else {
                ADD_FAILURE() << where << ": unknown step";
            }
            if (::testing::Test::HasFailure()) return;
        }
        auto* left = transport_->outstanding();
        EXPECT_EQ(nullptr, left) << name_ << ": a request the vector does not list: " << (left ? left->body() : std::string());
    }

private:
    void pump() {
        for (int i = 0; i < 6; ++i) client_->tick();
    }

    void call(const JsonValue& s, const std::string& where) {
        const bool refused = s.getBool("refused");
        int accepted = invoke(s);  // 1 accepted, 0 refused, -1 not an event call
        pump();
        if (accepted < 0 || initRefused_) return;
        if (refused) EXPECT_EQ(0, accepted) << where << ": should be refused";
        else EXPECT_EQ(1, accepted) << where << ": should be accepted";
    }

    int invoke(const JsonValue& s) {
        const std::string c = s.getString("call");
        const Properties props = toProperties(s.get("properties"));
        if (c == "startSession") return client_->startSession(), -1;
        if (c == "endSession") return client_->endSession(), -1;
        if (c == "flush") return client_->flush(), -1;
        if (c == "pause") return client_->pause(), -1;
        if (c == "resume") return client_->resume(), -1;
        if (c == "track") {
            std::optional<double> value;
            if (s.has("value")) value = s.getNumber("value");
            return client_->track(s.getString("name"), value, props) ? 1 : 0;
        }
        if (c == "progression") {
            const std::string st = s.getString("status");
            ProgressionStatus status;
            if (st == "start") status = ProgressionStatus::Start;
            else if (st == "complete") status = ProgressionStatus::Complete;
            else if (st == "fail") status = ProgressionStatus::Fail;
            else return 0;  // C++ types cannot express it: refused
            std::optional<double> score;
            if (s.has("score")) score = s.getNumber("score");
            std::optional<int> attempt;
            if (s.has("attempt")) {
                const double a = s.getNumber("attempt");
                if (a != std::floor(a)) return 0;
                attempt = static_cast<int>(a);
            }
            return client_->progression(status, s.getString("level"), score, attempt, props) ? 1 : 0;
        }
        if (c == "purchase") {
            const double amount = s.getNumber("amount");
            if (amount != std::floor(amount)) return 0;
            std::optional<std::string> itemType;
            std::optional<std::string> transactionId;
            if (s.has("itemType")) itemType = s.getString("itemType");
            if (s.has("transactionId")) transactionId = s.getString("transactionId");
            return client_->purchase(s.getString("currency"), static_cast<int64_t>(amount), s.getString("itemId"), itemType,
                                     transactionId, props)
                       ? 1
                       : 0;
        }
        if (c == "error") {
            const std::string sv = s.getString("severity");
            ErrorSeverity severity;
            if (sv == "debug") severity = ErrorSeverity::Debug;
            else if (sv == "info") severity = ErrorSeverity::Info;
            else if (sv == "warning") severity = ErrorSeverity::Warning;
            else if (sv == "error") severity = ErrorSeverity::Error;
            else if (sv == "critical") severity = ErrorSeverity::Critical;
            else return 0;
            return client_->error(severity, s.getString("message"), props) ? 1 : 0;
        }
        ADD_FAILURE() << "unknown call " << c;
        return -1;
    }

    void request(const JsonValue& step, const std::string& where) {
        const JsonValue& expected = *step.get("request");
        auto* sent = transport_->outstanding();
        ASSERT_NE(nullptr, sent) << where << ": expected a request, none was made";
        EXPECT_EQ(expected.getString("method"), sent->request.method) << where;
        EXPECT_EQ(expected.getString("url"), sent->request.url) << where;
        for (const auto& h : expected.get("headers")->object) {
            const std::string* actual = sent->request.header(h.first);
            EXPECT_TRUE(actual && *actual == h.second.string)
                << where << ": header " << h.first << " expected " << h.second.string << " got " << (actual ? *actual : "(none)");
        }
        EXPECT_EQ(expected.getString("body"), sent->request.body) << where << ": body";
        const JsonValue& respond = *step.get("respond");
        HttpResponse r;
        if (respond.getBool("networkError")) {
            r = HttpResponse::failed("vector network error");
        } else {
            r.status = static_cast<int>(respond.getNumber("status"));
            r.body = respond.getString("body");
            if (const JsonValue* headers = respond.get("headers")) {
                for (const auto& h : headers->object) r.headers.emplace_back(h.first, h.second.string);
            }
        }
        sent->answered = true;
        sent->done(r);
        pump();
    }

    const JsonValue& v_;
    std::string name_;
    std::shared_ptr<FakeClock> clock_;
    std::shared_ptr<FakeTransport> transport_ = std::make_shared<FakeTransport>();
    std::unique_ptr<TelemetryClient> client_;
    bool initRefused_ = false;
};

class SharedVector : public ::testing::TestWithParam<std::string> {};

TEST_P(SharedVector, ProducesTheExactRequests) {
    const JsonValue v = load(GetParam());
    ASSERT_EQ("gt-sdk-vector/1", v.getString("format"));
    VectorRun run(v);
    run.run();
}

INSTANTIATE_TEST_SUITE_P(Vectors, SharedVector, ::testing::ValuesIn(vectorFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             std::string n = info.param.substr(0, info.param.size() - 5);
                             for (char& ch : n) {
                                 if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                             }
                             return n;
                         });

TEST(SharedFormats, NumbersAreWrittenAsJsonStringifyDoes) {
    const JsonValue formats = load("formats.json");
    for (const auto& c : formats.get("numbers")->array) {
        const uint64_t bits = std::strtoull(c.getString("bits").c_str(), nullptr, 16);
        double value;
        std::memcpy(&value, &bits, sizeof value);
        EXPECT_EQ(c.getString("json"), formatJsonNumber(value)) << c.getString("bits");
    }
}

TEST(SharedFormats, TimestampsAreIsoUtcWithMilliseconds) {
    const JsonValue formats = load("formats.json");
    for (const auto& c : formats.get("timestamps")->array) {
        EXPECT_EQ(c.getString("iso"), formatIsoTimestamp(static_cast<int64_t>(c.getNumber("unixMs"))));
    }
}

TEST(SharedFormats, StringsAreEscapedAsJsonStringifyDoes) {
    const JsonValue formats = load("formats.json");
    for (const auto& c : formats.get("strings")->array) {
        EXPECT_EQ(c.getString("json"), quoteJson(c.getString("input")));
    }
}

TEST(SharedFormats, CodePointsAreCountedAndCut) {
    const JsonValue formats = load("formats.json");
    for (const auto& c : formats.get("codePoints")->array) {
        EXPECT_EQ(static_cast<size_t>(c.getNumber("codePoints")), codePointLength(c.getString("input")));
        EXPECT_EQ(c.getString("output"), truncateCodePoints(c.getString("input"), static_cast<size_t>(c.getNumber("max"))));
    }
}

TEST(SharedFormats, HashesAndSignaturesMatch) {
    const JsonValue f = load("formats.json");
    for (const auto& c : f.get("sha256")->array) EXPECT_EQ(c.getString("sha256"), toHex(sha256(c.getString("input"))));
    for (const auto& c : f.get("hmacSha256")->array) {
        EXPECT_EQ(c.getString("hmacSha256"), toHex(hmacSha256(c.getString("secret"), c.getString("message"))));
    }
    for (const auto& c : f.get("crc32")->array) EXPECT_EQ(static_cast<uint32_t>(c.getNumber("crc32")), crc32(c.getString("input")));
}

TEST(SharedFormats, ApiKeysAreCheckedLikeIngestionDoes) {
    const JsonValue formats = load("formats.json");
    for (const auto& c : formats.get("apiKeys")->array) {
        const char* code = checkApiKey(c.getString("key"));
        if (c.getBool("valid")) EXPECT_EQ(nullptr, code) << c.getString("key");
        else EXPECT_EQ(c.getString("code"), code ? code : "(valid)") << c.getString("key");
    }
}

TEST(SharedFormats, RetryAfterIsParsed) {
    const JsonValue formats = load("formats.json");
    for (const auto& c : formats.get("retryAfter")->array) {
        int64_t ms = -1;
        const bool ok = parseRetryAfterMs(c.getString("header"), static_cast<int64_t>(c.getNumber("nowMs")), ms);
        if (c.get("ms")->isNull()) EXPECT_FALSE(ok) << c.getString("header");
        else EXPECT_TRUE(ok && ms == static_cast<int64_t>(c.getNumber("ms"))) << c.getString("header") << " -> " << ms;
    }
}

}  // namespace
}  // namespace test
}  // namespace gt
