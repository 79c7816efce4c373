#include <cmath>
#include <locale>

#include <gtest/gtest.h>

#include "GameTelemetryCore/GtText.h"

namespace gt {
namespace test {
namespace {

TEST(Json, ParsesWhatTheServerAndTheQueueFileHold) {
    JsonValue o;
    ASSERT_TRUE(JsonValue::parse(
        " {\"accepted\":2,\"rejected\":[{\"index\":0,\"code\":\"X\",\"message\":\"a\\\"b\\u00e9\\n\\ud83d\\ude00\"}],\"ok\":true,\"n\":null,\"f\":-1.5e3} ",
        o));
    EXPECT_EQ(2, o.getNumber("accepted"));
    EXPECT_EQ("a\"b\xC3\xA9\n\xF0\x9F\x98\x80", o.get("rejected")->array[0].getString("message"));
    EXPECT_TRUE(o.getBool("ok"));
    EXPECT_TRUE(o.get("n")->isNull());
    EXPECT_EQ(-1500, o.getNumber("f"));
}

TEST(Json, RefusesWhatIsNotStrictJson) {
    for (const char* bad : {"", "{", "{'a':1}", "[1,]", "01", "1.", "{\"a\":1}x", "\"\t\"", "nul", "1e999"}) {
        JsonValue v;
        std::string error;
        EXPECT_FALSE(JsonValue::parse(bad, v, &error)) << bad;
        EXPECT_FALSE(error.empty());
    }
}

TEST(Json, KeepsKeyOrderAndTheLastValueOfARepeatedKey) {
    JsonValue o;
    ASSERT_TRUE(JsonValue::parse("{\"b\":1,\"a\":2,\"b\":3}", o));
    EXPECT_EQ("{\"b\":3,\"a\":2}", o.stringify());
}

TEST(Json, NumberLayoutFollowsEcmaScript) {
    EXPECT_EQ("1e+21", formatJsonNumber(1e21));
    EXPECT_EQ("100000000000000000000", formatJsonNumber(1e20));
    EXPECT_EQ("0.000001", formatJsonNumber(1e-6));
    EXPECT_EQ("1e-7", formatJsonNumber(1e-7));
    EXPECT_EQ("-1.5", formatJsonNumber(-1.5));
    EXPECT_EQ("0.30000000000000004", formatJsonNumber(0.1 + 0.2));
    std::string out;
    EXPECT_FALSE(formatJsonNumber(std::nan(""), out));
}

TEST(Json, NumbersDoNotDependOnTheGlobalLocale) {
    // A game may install a locale whose decimal separator is a comma.
    struct Comma : std::numpunct<char> {
        char do_decimal_point() const override { return ','; }
    };
    const std::locale saved = std::locale::global(std::locale(std::locale::classic(), new Comma));
    EXPECT_EQ("1200.5", formatJsonNumber(1200.5));
    EXPECT_EQ("0.1", formatJsonNumber(0.1));
    JsonValue v;
    EXPECT_TRUE(JsonValue::parse("0.25", v));
    EXPECT_EQ(0.25, v.number);
    std::locale::global(saved);
}

TEST(Text, HttpDatesAreRead) {
    int64_t s = 0;
    EXPECT_TRUE(parseHttpDate("Tue, 24 Nov 2026 10:00:00 GMT", s));
    EXPECT_EQ(1795514400, s);
    EXPECT_FALSE(parseHttpDate("Tuesday, 24-Nov-26 10:00:00 GMT", s));
    EXPECT_FALSE(parseHttpDate("Tue, 24 Foo 2026 10:00:00 GMT", s));
}

TEST(Text, DesignNamesAndKeysFollowTheContract) {
    EXPECT_TRUE(isValidDesignName("Kill:Sword:Robot"));
    EXPECT_TRUE(isValidDesignName("a.b-c_d:1:2:3:4"));
    EXPECT_FALSE(isValidDesignName("a:b:c:d:e:f"));
    EXPECT_FALSE(isValidDesignName(":a"));
    EXPECT_FALSE(isValidDesignName("a:"));
    EXPECT_FALSE(isValidDesignName("\xC3\xA9"));
    EXPECT_TRUE(isValidPropertyKey("_private.x-1"));
    EXPECT_FALSE(isValidPropertyKey("__proto__"));
    EXPECT_FALSE(isValidPropertyKey("9lives"));
}

TEST(Text, InvalidUtf8IsReplaced) {
    EXPECT_EQ("a\xEF\xBF\xBD" "b", sanitizeUtf8("a\xFF" "b"));
    EXPECT_EQ("\"\xEF\xBF\xBD\xEF\xBF\xBD\"", quoteJson("\xC0\xAF"));
    EXPECT_EQ("\xF0\x9F\x98\x80", sanitizeUtf8("\xF0\x9F\x98\x80"));
}

}  // namespace
}  // namespace test
}  // namespace gt
