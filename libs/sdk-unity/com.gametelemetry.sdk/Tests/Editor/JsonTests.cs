using System;
using System.Collections.Generic;
using NUnit.Framework;

namespace GameTelemetry.Tests
{
    [TestFixture]
    public class JsonTests
    {
        [Test]
        public void ParsesWhatTheServerAndTheQueueFileHold()
        {
            var o = (JsonObject)Json.Parse(" {\"accepted\":2,\"rejected\":[{\"index\":0,\"code\":\"X\",\"message\":\"a\\\"b\\u00e9\\n\"}],\"ok\":true,\"n\":null,\"f\":-1.5e3} ");
            Assert.AreEqual(2, o.GetNumber("accepted"));
            var r = (JsonObject)o.GetArray("rejected")[0];
            Assert.AreEqual("a\"bé\n", r.GetString("message"));
            Assert.AreEqual(true, o.GetBool("ok"));
            Assert.IsTrue(o.Has("n"));
            Assert.AreEqual(-1500, o.GetNumber("f"));
        }

        [Test]
        public void RefusesWhatIsNotStrictJson()
        {
            foreach (var bad in new[] { "", "{", "{'a':1}", "[1,]", "01", "1.", "{\"a\":1}x", "\"\t\"", "nul", "1e999" })
            {
                Assert.Throws<FormatException>(() => Json.Parse(bad), bad);
                Assert.IsNull(Json.TryParse(bad));
            }
        }

        [Test]
        public void KeepsKeyOrderAndTheLastValueOfARepeatedKey()
        {
            var o = (JsonObject)Json.Parse("{\"b\":1,\"a\":2,\"b\":3}");
            var keys = new List<string>();
            foreach (var e in o) keys.Add(e.Key);
            CollectionAssert.AreEqual(new[] { "b", "a" }, keys);
            Assert.AreEqual(3, o.GetNumber("b"));
            Assert.AreEqual("{\"b\":3,\"a\":2}", Json.Stringify(o));
        }

        [Test]
        public void ALoneSurrogateIsEscapedLikeJsonStringifyDoes()
        {
            Assert.AreEqual("\"a\\ud800b\"", Json.QuoteString("a\ud800b"));
            Assert.AreEqual("\"\\udc00\"", Json.QuoteString("\udc00"));
        }

        [Test]
        public void NonFiniteNumbersHaveNoJson()
        {
            Assert.Throws<ArgumentException>(() => Json.FormatNumber(double.NaN));
            Assert.Throws<ArgumentException>(() => Json.FormatNumber(double.PositiveInfinity));
        }

        [Test]
        public void NumberLayoutFollowsEcmaScript()
        {
            Assert.AreEqual("1e+21", Json.FormatNumber(1e21));
            Assert.AreEqual("100000000000000000000", Json.FormatNumber(1e20));
            Assert.AreEqual("0.000001", Json.FormatNumber(1e-6));
            Assert.AreEqual("1e-7", Json.FormatNumber(1e-7));
            Assert.AreEqual("-1.5", Json.FormatNumber(-1.5));
            Assert.AreEqual("0.30000000000000004", Json.FormatNumber(0.1 + 0.2));
        }

        [Test]
        public void HttpDatesAreRead()
        {
            Assert.AreEqual(1795514400L, Text.ParseHttpDate("Tue, 24 Nov 2026 10:00:00 GMT"));
            Assert.IsNull(Text.ParseHttpDate("Tuesday, 24-Nov-26 10:00:00 GMT"));
            Assert.IsNull(Text.ParseHttpDate("Tue, 24 Foo 2026 10:00:00 GMT"));
        }

        [Test]
        public void DesignNamesFollowTheContract()
        {
            Assert.IsTrue(Text.IsValidDesignName("Kill:Sword:Robot"));
            Assert.IsTrue(Text.IsValidDesignName("a.b-c_d:1:2:3:4"));
            Assert.IsFalse(Text.IsValidDesignName("a:b:c:d:e:f"));
            Assert.IsFalse(Text.IsValidDesignName(":a"));
            Assert.IsFalse(Text.IsValidDesignName("a:"));
            Assert.IsFalse(Text.IsValidDesignName("é"));
            Assert.IsFalse(Text.IsValidDesignName(null));
            Assert.IsTrue(Text.IsValidPropertyKey("_private.x-1"));
            Assert.IsFalse(Text.IsValidPropertyKey("__proto__"));
            Assert.IsFalse(Text.IsValidPropertyKey("9lives"));
        }
    }
}
