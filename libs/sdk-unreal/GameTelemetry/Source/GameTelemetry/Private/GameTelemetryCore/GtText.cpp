#include "GameTelemetryCore/GtText.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <locale>
#include <sstream>

namespace gt {
namespace detail_text {

const char kHex[] = "0123456789abcdef";

void appendUnicodeEscape(std::string& out, unsigned code) {
    out += "\\u";
    out += kHex[(code >> 12) & 0xF];
    out += kHex[(code >> 8) & 0xF];
    out += kHex[(code >> 4) & 0xF];
    out += kHex[code & 0xF];
}

/// Length of the valid UTF-8 sequence at s[i], or 0 when it is not one.
size_t utf8SequenceLength(const std::string& s, size_t i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = s.size();
    auto cont = [&](size_t k) { return k < n && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80; };
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(i + 1) || !cont(i + 2)) return 0;
        const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
        if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
        if (c == 0xED && c1 >= 0xA0) return 0;  // UTF-16 surrogates
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
        const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
        if (c == 0xF0 && c1 < 0x90) return 0;
        if (c == 0xF4 && c1 >= 0x90) return 0;
        return 4;
    }
    return 0;
}

void appendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

const char kReplacement[] = "\xEF\xBF\xBD";

/// ECMAScript Number::toString layout of digits d1..dk with the decimal point after n digits.
std::string layOut(const std::string& digits, int n) {
    const int k = static_cast<int>(digits.size());
    if (k <= n && n <= 21) return digits + std::string(static_cast<size_t>(n - k), '0');
    if (0 < n && n <= 21) return digits.substr(0, static_cast<size_t>(n)) + "." + digits.substr(static_cast<size_t>(n));
    if (-6 < n && n <= 0) return "0." + std::string(static_cast<size_t>(-n), '0') + digits;
    const int e = n - 1;
    std::string exp = (e < 0 ? "e-" : "e+") + std::to_string(e < 0 ? -e : e);
    if (k == 1) return digits + exp;
    return digits.substr(0, 1) + "." + digits.substr(1) + exp;
}

/// Scientific notation with `precision` digits after the point, independent of the C locale.
std::string scientific(double v, int precision) {
    std::ostringstream os;
    os.imbue(std::locale::classic());
    os.precision(precision);
    os << std::scientific << v;
    return os.str();
}

bool readsBackAs(const std::string& text, double expected) {
    std::istringstream is(text);
    is.imbue(std::locale::classic());
    double back = 0;
    is >> back;
    return !is.fail() && back == expected;
}

class Parser {
public:
    explicit Parser(const std::string& s) : s_(s) {}

    bool parse(JsonValue& out, std::string* error) {
        skipWhitespace();
        if (!value(out, 0)) return fail(error);
        skipWhitespace();
        if (pos_ != s_.size()) {
            problem_ = "unexpected text after the JSON value";
            return fail(error);
        }
        return true;
    }

private:
    const std::string& s_;
    size_t pos_ = 0;
    std::string problem_;

    bool fail(std::string* error) {
        if (error) *error = "JSON: " + problem_ + " at position " + std::to_string(pos_);
        return false;
    }

    bool bad(const char* why) {
        problem_ = why;
        return false;
    }

    void skipWhitespace() {
        while (pos_ < s_.size()) {
            const char c = s_[pos_];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') ++pos_;
            else break;
        }
    }

    bool literal(const char* word) {
        size_t i = 0;
        while (word[i] != '\0') {
            if (pos_ + i >= s_.size() || s_[pos_ + i] != word[i]) return bad("unexpected word");
            ++i;
        }
        pos_ += i;
        return true;
    }

    bool value(JsonValue& out, int depth) {
        if (depth > 64) return bad("nesting too deep");
        if (pos_ >= s_.size()) return bad("unexpected end");
        const char c = s_[pos_];
        switch (c) {
            case '{': return object(out, depth);
            case '[': return arrayValue(out, depth);
            case '"': out.type = JsonValue::Type::String; return stringValue(out.string);
            case 't': out.type = JsonValue::Type::Bool; out.boolean = true; return literal("true");
            case 'f': out.type = JsonValue::Type::Bool; out.boolean = false; return literal("false");
            case 'n': out.type = JsonValue::Type::Null; return literal("null");
            default: break;
        }
        if (c == '-' || (c >= '0' && c <= '9')) return numberValue(out);
        return bad("unexpected character");
    }

    bool object(JsonValue& out, int depth) {
        out.type = JsonValue::Type::Object;
        ++pos_;
        skipWhitespace();
        if (pos_ < s_.size() && s_[pos_] == '}') {
            ++pos_;
            return true;
        }
        for (;;) {
            skipWhitespace();
            if (pos_ >= s_.size() || s_[pos_] != '"') return bad("expected a key");
            std::string key;
            if (!stringValue(key)) return false;
            skipWhitespace();
            if (pos_ >= s_.size() || s_[pos_] != ':') return bad("expected ':'");
            ++pos_;
            skipWhitespace();
            JsonValue member;
            if (!value(member, depth + 1)) return false;
            bool replaced = false;
            for (auto& m : out.object) {
                if (m.first == key) {
                    m.second = std::move(member);
                    replaced = true;
                    break;
                }
            }
            if (!replaced) out.object.emplace_back(std::move(key), std::move(member));
            skipWhitespace();
            if (pos_ >= s_.size()) return bad("unexpected end in object");
            if (s_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (s_[pos_] == '}') {
                ++pos_;
                return true;
            }
            return bad("expected ',' or '}'");
        }
    }

    bool arrayValue(JsonValue& out, int depth) {
        out.type = JsonValue::Type::Array;
        ++pos_;
        skipWhitespace();
        if (pos_ < s_.size() && s_[pos_] == ']') {
            ++pos_;
            return true;
        }
        for (;;) {
            skipWhitespace();
            JsonValue item;
            if (!value(item, depth + 1)) return false;
            out.array.push_back(std::move(item));
            skipWhitespace();
            if (pos_ >= s_.size()) return bad("unexpected end in array");
            if (s_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (s_[pos_] == ']') {
                ++pos_;
                return true;
            }
            return bad("expected ',' or ']'");
        }
    }

    bool hex4(unsigned& code) {
        if (pos_ + 4 > s_.size()) return bad("short \\u escape");
        code = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = s_[pos_ + static_cast<size_t>(i)];
            unsigned d;
            if (h >= '0' && h <= '9') d = static_cast<unsigned>(h - '0');
            else if (h >= 'a' && h <= 'f') d = static_cast<unsigned>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F') d = static_cast<unsigned>(h - 'A' + 10);
            else return bad("bad \\u escape");
            code = (code << 4) | d;
        }
        pos_ += 4;
        return true;
    }

    bool stringValue(std::string& out) {
        ++pos_;  // opening quote
        out.clear();
        for (;;) {
            if (pos_ >= s_.size()) return bad("unterminated string");
            const char c = s_[pos_++];
            if (c == '"') return true;
            if (static_cast<unsigned char>(c) < 0x20) return bad("control character in string");
            if (c != '\\') {
                out += c;
                continue;
            }
            if (pos_ >= s_.size()) return bad("unterminated escape");
            const char e = s_[pos_++];
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    unsigned code;
                    if (!hex4(code)) return false;
                    if (code >= 0xD800 && code <= 0xDBFF && pos_ + 6 <= s_.size() && s_[pos_] == '\\' && s_[pos_ + 1] == 'u') {
                        const size_t save = pos_;
                        pos_ += 2;
                        unsigned low;
                        if (hex4(low) && low >= 0xDC00 && low <= 0xDFFF) {
                            appendUtf8(out, 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00));
                            break;
                        }
                        pos_ = save;
                    }
                    // A lone surrogate has no UTF-8 form.
                    if (code >= 0xD800 && code <= 0xDFFF) out += kReplacement;
                    else appendUtf8(out, code);
                    break;
                }
                default:
                    return bad("bad escape");
            }
        }
    }

    bool numberValue(JsonValue& out) {
        const size_t start = pos_;
        if (s_[pos_] == '-') ++pos_;
        if (pos_ >= s_.size()) return bad("bad number");
        if (s_[pos_] == '0') {
            ++pos_;
        } else if (s_[pos_] >= '1' && s_[pos_] <= '9') {
            while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
        } else {
            return bad("bad number");
        }
        if (pos_ < s_.size() && s_[pos_] == '.') {
            ++pos_;
            const size_t digits = pos_;
            while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
            if (pos_ == digits) return bad("bad fraction");
        }
        if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
            ++pos_;
            if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
            const size_t digits = pos_;
            while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
            if (pos_ == digits) return bad("bad exponent");
        }
        std::istringstream is(s_.substr(start, pos_ - start));
        is.imbue(std::locale::classic());
        double d = 0;
        is >> d;
        if (is.fail() || !std::isfinite(d)) return bad("number out of range");
        out.type = JsonValue::Type::Number;
        out.number = d;
        return true;
    }
};

void stringifyInto(std::string& out, const JsonValue& v) {
    switch (v.type) {
        case JsonValue::Type::Null: out += "null"; return;
        case JsonValue::Type::Bool: out += v.boolean ? "true" : "false"; return;
        case JsonValue::Type::Number: out += formatJsonNumber(v.number); return;
        case JsonValue::Type::String: appendJsonString(out, v.string); return;
        case JsonValue::Type::Array:
            out += '[';
            for (size_t i = 0; i < v.array.size(); ++i) {
                if (i > 0) out += ',';
                stringifyInto(out, v.array[i]);
            }
            out += ']';
            return;
        case JsonValue::Type::Object:
            out += '{';
            for (size_t i = 0; i < v.object.size(); ++i) {
                if (i > 0) out += ',';
                appendJsonString(out, v.object[i].first);
                out += ':';
                stringifyInto(out, v.object[i].second);
            }
            out += '}';
            return;
    }
}

bool isNameChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

int64_t floorDiv(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

// Howard Hinnant's civil-from-days / days-from-civil: exact for the proleptic Gregorian calendar.
void civilFromDays(int64_t z, int& year, int& month, int& day) {
    z += 719468;
    const int64_t era = floorDiv(z, 146097);
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t y = yoe + era * 400;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    year = static_cast<int>(month <= 2 ? y + 1 : y);
}

int64_t daysFromCivil(int year, int month, int day) {
    const int64_t y = month <= 2 ? year - 1 : year;
    const int64_t era = floorDiv(y, 400);
    const int64_t yoe = y - era * 400;
    const int64_t mp = month > 2 ? month - 3 : month + 9;
    const int64_t doy = (153 * mp + 2) / 5 + day - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool allDigits(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

std::string trim(const std::string& s) {
    size_t a = 0;
    size_t b = s.size();
    while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
    return s.substr(a, b - a);
}

}  // namespace detail_text

void appendJsonString(std::string& out, const std::string& value) {
    out += '"';
    const size_t n = value.size();
    for (size_t i = 0; i < n;) {
        const unsigned char c = static_cast<unsigned char>(value[i]);
        if (c < 0x80) {
            switch (c) {
                case '"': out += "\\\""; break;
                case '\\': out += "\\\\"; break;
                case '\b': out += "\\b"; break;
                case '\f': out += "\\f"; break;
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                case '\t': out += "\\t"; break;
                default:
                    if (c < 0x20) detail_text::appendUnicodeEscape(out, c);
                    else out += static_cast<char>(c);
            }
            ++i;
            continue;
        }
        const size_t len = detail_text::utf8SequenceLength(value, i);
        if (len == 0) {
            out += detail_text::kReplacement;
            ++i;
            continue;
        }
        out.append(value, i, len);
        i += len;
    }
    out += '"';
}

std::string quoteJson(const std::string& value) {
    std::string out;
    out.reserve(value.size() + 2);
    appendJsonString(out, value);
    return out;
}

bool formatJsonNumber(double value, std::string& out) {
    if (!std::isfinite(value)) return false;
    if (value == 0) {
        out += '0';  // also -0, as JSON.stringify writes it
        return true;
    }
    // Integers below 2^53 are exact in an int64: the common case, no digit search needed.
    if (std::fabs(value) < 9007199254740992.0 && std::floor(value) == value) {
        out += std::to_string(static_cast<long long>(value));
        return true;
    }
    const bool negative = value < 0;
    const double abs = std::fabs(value);
    std::string text;
    // The first precision whose correctly rounded digits read back to the same double is the
    // shortest representation, and the rounding makes it the closest one: what ECMAScript asks.
    for (int precision = 1; precision <= 17; ++precision) {
        text = detail_text::scientific(abs, precision - 1);
        if (precision == 17 || detail_text::readsBackAs(text, abs)) break;
    }
    const size_t e = text.find_first_of("eE");
    std::string digits;
    for (size_t i = 0; i < e; ++i) {
        if (text[i] >= '0' && text[i] <= '9') digits += text[i];
    }
    const int exponent = std::atoi(text.c_str() + e + 1);
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
    if (negative) out += '-';
    out += detail_text::layOut(digits, exponent + 1);
    return true;
}

std::string formatJsonNumber(double value) {
    std::string out;
    formatJsonNumber(value, out);
    return out;
}

const JsonValue* JsonValue::get(const std::string& key) const {
    if (type != Type::Object) return nullptr;
    for (const auto& m : object) {
        if (m.first == key) return &m.second;
    }
    return nullptr;
}

std::string JsonValue::getString(const std::string& key, const std::string& fallback) const {
    const JsonValue* v = get(key);
    return v && v->isString() ? v->string : fallback;
}

double JsonValue::getNumber(const std::string& key, double fallback) const {
    const JsonValue* v = get(key);
    return v && v->isNumber() ? v->number : fallback;
}

bool JsonValue::getBool(const std::string& key, bool fallback) const {
    const JsonValue* v = get(key);
    return v && v->isBool() ? v->boolean : fallback;
}

bool JsonValue::parse(const std::string& text, JsonValue& out, std::string* error) {
    out = JsonValue();
    detail_text::Parser p(text);
    return p.parse(out, error);
}

std::string JsonValue::stringify() const {
    std::string out;
    detail_text::stringifyInto(out, *this);
    return out;
}

std::string sanitizeUtf8(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const size_t len = detail_text::utf8SequenceLength(s, i);
        if (len == 0) {
            out += detail_text::kReplacement;
            ++i;
        } else {
            out.append(s, i, len);
            i += len;
        }
    }
    return out;
}

size_t codePointLength(const std::string& s) {
    size_t n = 0;
    for (char c : s) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    }
    return n;
}

std::string truncateCodePoints(const std::string& s, size_t max) {
    size_t count = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (count == max) return s.substr(0, i);
            ++count;
        }
    }
    return s;
}

bool isValidDesignName(const std::string& name) {
    if (name.empty() || name.size() > static_cast<size_t>(limits::kDesignNameMaxLength)) return false;
    int parts = 1;
    int partLength = 0;
    for (char c : name) {
        if (c == ':') {
            if (partLength == 0) return false;
            ++parts;
            partLength = 0;
        } else if (detail_text::isNameChar(c)) {
            ++partLength;
        } else {
            return false;
        }
    }
    return partLength > 0 && parts <= 5;
}

bool isValidPropertyKey(const std::string& key) {
    if (key.empty() || key.size() > 64 || key == "__proto__") return false;
    const char first = key[0];
    if (!((first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z') || first == '_')) return false;
    for (size_t i = 1; i < key.size(); ++i) {
        if (!detail_text::isNameChar(key[i])) return false;
    }
    return true;
}

bool isValidCurrency(const std::string& currency) {
    if (currency.size() != 3) return false;
    for (char c : currency) {
        if (c < 'A' || c > 'Z') return false;
    }
    return true;
}

bool isValidRequired(const std::string& s, size_t max) {
    return !s.empty() && codePointLength(s) <= max;
}

std::string formatIsoTimestamp(int64_t unixMs) {
    const int64_t days = detail_text::floorDiv(unixMs, 86400000LL);
    const int64_t msOfDay = unixMs - days * 86400000LL;
    int year = 0;
    int month = 0;
    int day = 0;
    detail_text::civilFromDays(days, year, month, day);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, month, day,
                  static_cast<int>(msOfDay / 3600000LL), static_cast<int>(msOfDay / 60000LL % 60),
                  static_cast<int>(msOfDay / 1000LL % 60), static_cast<int>(msOfDay % 1000LL));
    return buf;
}

bool parseHttpDate(const std::string& value, int64_t& unixSeconds) {
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::vector<std::string> parts;
    std::string current;
    for (char c : detail_text::trim(value)) {
        if (c == ' ') {
            if (!current.empty()) parts.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) parts.push_back(current);
    if (parts.size() != 6 || parts[0].empty() || parts[0].back() != ',' || parts[5] != "GMT") return false;
    if (!detail_text::allDigits(parts[1]) || !detail_text::allDigits(parts[3]) || parts[1].size() > 2 || parts[3].size() != 4) return false;
    int month = 0;
    for (int m = 0; m < 12; ++m) {
        if (parts[2] == kMonths[m]) month = m + 1;
    }
    if (month == 0) return false;
    const std::string& hms = parts[4];
    if (hms.size() != 8 || hms[2] != ':' || hms[5] != ':') return false;
    const std::string hh = hms.substr(0, 2);
    const std::string mm = hms.substr(3, 2);
    const std::string ss = hms.substr(6, 2);
    if (!detail_text::allDigits(hh) || !detail_text::allDigits(mm) || !detail_text::allDigits(ss)) return false;
    const int d = std::atoi(parts[1].c_str());
    const int y = std::atoi(parts[3].c_str());
    const int h = std::atoi(hh.c_str());
    const int mi = std::atoi(mm.c_str());
    const int se = std::atoi(ss.c_str());
    if (d < 1 || d > 31 || h > 23 || mi > 59 || se > 60 || y < 1970) return false;
    unixSeconds = detail_text::daysFromCivil(y, month, d) * 86400LL + h * 3600LL + mi * 60LL + se;
    return true;
}

bool parseRetryAfterMs(const std::string& value, int64_t nowUnixMs, int64_t& ms) {
    const std::string t = detail_text::trim(value);
    if (t.empty()) return false;
    if (detail_text::allDigits(t)) {
        ms = t.size() > 12 ? INT64_MAX / 4 : std::atoll(t.c_str()) * 1000LL;
        return true;
    }
    int64_t at = 0;
    if (!parseHttpDate(t, at)) return false;
    const int64_t delta = at * 1000LL - nowUnixMs;
    ms = delta > 0 ? delta : 0;
    return true;
}

}  // namespace gt
