// JSON encoding as JSON.stringify does it, a small strict JSON reader, the string rules of
// event v1 (libs/contracts/src/limits.ts) and the time formats of the wire.
// Strings are UTF-8 std::string throughout; lengths are counted in code points.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace gt {

namespace limits {
constexpr int kIdMaxLength = 128;
constexpr int kMaxProperties = 50;
constexpr int kPropertyStringMaxLength = 256;
constexpr int kAppVersionMaxLength = 32;
constexpr int kSdkNameMaxLength = 32;
constexpr int kSdkVersionMaxLength = 32;
constexpr int kDesignNameMaxLength = 128;
constexpr int kProgressionLevelMaxLength = 64;
constexpr int kPurchaseItemIdMaxLength = 64;
constexpr int kPurchaseItemTypeMaxLength = 64;
constexpr int kPurchaseTransactionIdMaxLength = 128;
/// Number.MAX_SAFE_INTEGER: amounts stay exact in every consumer.
constexpr int64_t kPurchaseMaxAmount = 9007199254740991LL;
constexpr int kErrorMessageMaxLength = 8192;
constexpr double kMaxSessionDurationSeconds = 7.0 * 24 * 60 * 60;
/// UTF-8 bytes of one event as compact JSON.
constexpr size_t kMaxEventBytes = 16 * 1024;
constexpr int kMaxEventsPerRequest = 500;
constexpr size_t kMaxRequestBytes = 1024 * 1024;
}  // namespace limits

// ------------------------------------------------------------------ JSON writing

/// Appends `value` (UTF-8) as a JSON string literal, escaped as JSON.stringify does. Invalid
/// UTF-8 is written as U+FFFD.
void appendJsonString(std::string& out, const std::string& value);
std::string quoteJson(const std::string& value);

/// A finite number as JavaScript's Number.prototype.toString writes it (shortest round-trip
/// digits, plain notation from 1e-6 up to 1e21). Returns false for NaN and infinities.
bool formatJsonNumber(double value, std::string& out);
std::string formatJsonNumber(double value);

// ------------------------------------------------------------------ JSON reading

class JsonValue {
public:
    enum class Type { Null, Bool, Number, String, Array, Object };

    Type type = Type::Null;
    bool boolean = false;
    double number = 0;
    std::string string;
    std::vector<JsonValue> array;
    /// Object members in document order (a repeated key keeps its first place and last value).
    std::vector<std::pair<std::string, JsonValue>> object;

    bool isNull() const { return type == Type::Null; }
    bool isObject() const { return type == Type::Object; }
    bool isArray() const { return type == Type::Array; }
    bool isString() const { return type == Type::String; }
    bool isNumber() const { return type == Type::Number; }
    bool isBool() const { return type == Type::Bool; }

    /// The member `key` of an object, or nullptr.
    const JsonValue* get(const std::string& key) const;
    /// Shortcuts: the member as a string / number / bool, or the fallback.
    std::string getString(const std::string& key, const std::string& fallback = std::string()) const;
    double getNumber(const std::string& key, double fallback = 0) const;
    bool getBool(const std::string& key, bool fallback = false) const;
    bool has(const std::string& key) const { return get(key) != nullptr; }

    /// Strict JSON. On failure returns false and describes the problem in `error` (if given).
    static bool parse(const std::string& text, JsonValue& out, std::string* error = nullptr);

    /// Compact JSON of this value (objects in their key order).
    std::string stringify() const;
};

// ------------------------------------------------------------------ UTF-8 and event rules

/// `s` with every invalid UTF-8 sequence replaced by U+FFFD.
std::string sanitizeUtf8(const std::string& s);
/// Code points of valid UTF-8.
size_t codePointLength(const std::string& s);
/// The first `max` code points of valid UTF-8.
std::string truncateCodePoints(const std::string& s, size_t max);

/// ^[A-Za-z0-9_.-]+(?::[A-Za-z0-9_.-]+){0,4}$ and at most 128 characters.
bool isValidDesignName(const std::string& name);
/// ^[A-Za-z_][A-Za-z0-9_.-]{0,63}$, and not __proto__.
bool isValidPropertyKey(const std::string& key);
/// ^[A-Z]{3}$
bool isValidCurrency(const std::string& currency);
/// Non-empty and at most `max` code points.
bool isValidRequired(const std::string& s, size_t max);

// ------------------------------------------------------------------ time

/// ISO-8601 UTC with milliseconds (2026-11-24T10:00:00.000Z), as Date.prototype.toISOString.
std::string formatIsoTimestamp(int64_t unixMs);
/// An HTTP date (IMF-fixdate, "Tue, 24 Nov 2026 11:00:05 GMT") as Unix seconds.
bool parseHttpDate(const std::string& value, int64_t& unixSeconds);
/// Retry-After (delay-seconds or an HTTP date) as milliseconds from `nowUnixMs`, not capped.
bool parseRetryAfterMs(const std::string& value, int64_t nowUnixMs, int64_t& ms);

}  // namespace gt
