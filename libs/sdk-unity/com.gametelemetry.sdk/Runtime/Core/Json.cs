// JSON as the wire needs it. Writing follows JSON.stringify exactly (the TypeScript SDK and the
// ingestion service are JavaScript, and the shared test vectors compare request bodies byte for
// byte), so numbers and strings are encoded here by hand instead of through a general library.
// Reading is a small strict parser for server answers, queue files and test vectors; it keeps
// object key order, which JSON.parse also keeps for the keys events can have.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace GameTelemetry
{
    /// <summary>A JSON object that keeps its keys in document order.</summary>
    public sealed class JsonObject : IEnumerable<KeyValuePair<string, object>>
    {
        private readonly List<KeyValuePair<string, object>> _entries = new List<KeyValuePair<string, object>>();

        public int Count { get { return _entries.Count; } }

        /// <summary>Sets a key; a repeated key keeps its first position and its last value, as JSON.parse does.</summary>
        public void Set(string key, object value)
        {
            for (int i = 0; i < _entries.Count; i++)
            {
                if (_entries[i].Key == key)
                {
                    _entries[i] = new KeyValuePair<string, object>(key, value);
                    return;
                }
            }
            _entries.Add(new KeyValuePair<string, object>(key, value));
        }

        public bool TryGet(string key, out object value)
        {
            foreach (var e in _entries)
            {
                if (e.Key == key)
                {
                    value = e.Value;
                    return true;
                }
            }
            value = null;
            return false;
        }

        public bool Has(string key)
        {
            object ignored;
            return TryGet(key, out ignored);
        }

        public object Get(string key)
        {
            object v;
            return TryGet(key, out v) ? v : null;
        }

        public string GetString(string key)
        {
            return Get(key) as string;
        }

        public double? GetNumber(string key)
        {
            object v = Get(key);
            return v is double ? (double?)(double)v : null;
        }

        public bool? GetBool(string key)
        {
            object v = Get(key);
            return v is bool ? (bool?)(bool)v : null;
        }

        public JsonObject GetObject(string key)
        {
            return Get(key) as JsonObject;
        }

        public List<object> GetArray(string key)
        {
            return Get(key) as List<object>;
        }

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            return _entries.GetEnumerator();
        }

        IEnumerator IEnumerable.GetEnumerator()
        {
            return GetEnumerator();
        }
    }

    public static class Json
    {
        // ------------------------------------------------------------------ writing

        /// <summary>Appends <paramref name="value"/> as a JSON string literal, escaped as JSON.stringify does.</summary>
        public static void WriteString(StringBuilder sb, string value)
        {
            sb.Append('"');
            int n = value.Length;
            for (int i = 0; i < n; i++)
            {
                char c = value[i];
                switch (c)
                {
                    case '"': sb.Append("\\\""); continue;
                    case '\\': sb.Append("\\\\"); continue;
                    case '\b': sb.Append("\\b"); continue;
                    case '\f': sb.Append("\\f"); continue;
                    case '\n': sb.Append("\\n"); continue;
                    case '\r': sb.Append("\\r"); continue;
                    case '\t': sb.Append("\\t"); continue;
                }
                if (c < 0x20)
                {
                    AppendUnicodeEscape(sb, c);
                }
                else if (char.IsHighSurrogate(c))
                {
                    if (i + 1 < n && char.IsLowSurrogate(value[i + 1]))
                    {
                        sb.Append(c).Append(value[i + 1]);
                        i++;
                    }
                    else
                    {
                        // A lone surrogate cannot be UTF-8: JSON.stringify escapes it, and so do we.
                        AppendUnicodeEscape(sb, c);
                    }
                }
                else if (char.IsLowSurrogate(c))
                {
                    AppendUnicodeEscape(sb, c);
                }
                else
                {
                    sb.Append(c);
                }
            }
            sb.Append('"');
        }

        private static void AppendUnicodeEscape(StringBuilder sb, char c)
        {
            const string hex = "0123456789abcdef";
            sb.Append("\\u")
                .Append(hex[(c >> 12) & 0xF])
                .Append(hex[(c >> 8) & 0xF])
                .Append(hex[(c >> 4) & 0xF])
                .Append(hex[c & 0xF]);
        }

        public static string QuoteString(string value)
        {
            var sb = new StringBuilder(value.Length + 2);
            WriteString(sb, value);
            return sb.ToString();
        }

        /// <summary>
        /// A finite number as JavaScript's Number.prototype.toString writes it: the shortest digits
        /// that read back to the same double, plain notation from 1e-6 up to 1e21, exponent outside.
        /// </summary>
        public static string FormatNumber(double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                throw new ArgumentException("JSON has no representation for NaN or Infinity", "value");
            }
            if (value == 0) return "0"; // also -0, as JSON.stringify writes it
            // Integers below 2^53 are exact in a long: the common case, and no digit search needed.
            if (Math.Abs(value) < 9007199254740992.0 && Math.Floor(value) == value)
            {
                return ((long)value).ToString(CultureInfo.InvariantCulture);
            }
            string sign = value < 0 ? "-" : "";
            double abs = Math.Abs(value);
            string digits = null;
            int exponent = 0;
            // The first precision whose correctly rounded digits read back to the same double gives
            // the shortest representation, and the rounding makes it the closest one: what ECMAScript asks.
            for (int precision = 1; precision <= 17; precision++)
            {
                string s = abs.ToString("E" + (precision - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                double back;
                // Rounding up near double.MaxValue overflows: some runtimes say so with false, others with Infinity.
                bool readBack = double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out back);
                if (precision == 17 || (readBack && back == abs))
                {
                    int e = s.IndexOf('E');
                    digits = s.Substring(0, e).Replace(".", "");
                    exponent = int.Parse(s.Substring(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                    break;
                }
            }
            digits = digits.TrimEnd('0');
            if (digits.Length == 0) digits = "0";
            return sign + LayOut(digits, exponent + 1);
        }

        /// <summary>ECMAScript Number::toString layout of digits d1..dk with the decimal point after n digits.</summary>
        internal static string LayOut(string digits, int n)
        {
            int k = digits.Length;
            if (k <= n && n <= 21) return digits + new string('0', n - k);
            if (0 < n && n <= 21) return digits.Substring(0, n) + "." + digits.Substring(n);
            if (-6 < n && n <= 0) return "0." + new string('0', -n) + digits;
            int e = n - 1;
            string exp = (e < 0 ? "e-" : "e+") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
            if (k == 1) return digits + exp;
            return digits.Substring(0, 1) + "." + digits.Substring(1) + exp;
        }

        public static void WriteNumber(StringBuilder sb, double value)
        {
            sb.Append(FormatNumber(value));
        }

        /// <summary>Writes a parsed JSON value back (objects in their key order, compact).</summary>
        public static void WriteValue(StringBuilder sb, object value)
        {
            if (value == null) { sb.Append("null"); return; }
            var s = value as string;
            if (s != null) { WriteString(sb, s); return; }
            if (value is bool) { sb.Append((bool)value ? "true" : "false"); return; }
            if (value is double) { WriteNumber(sb, (double)value); return; }
            if (value is long) { sb.Append(((long)value).ToString(CultureInfo.InvariantCulture)); return; }
            if (value is int) { sb.Append(((int)value).ToString(CultureInfo.InvariantCulture)); return; }
            var o = value as JsonObject;
            if (o != null)
            {
                sb.Append('{');
                bool first = true;
                foreach (var e in o)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    WriteString(sb, e.Key);
                    sb.Append(':');
                    WriteValue(sb, e.Value);
                }
                sb.Append('}');
                return;
            }
            var list = value as IList;
            if (list != null)
            {
                sb.Append('[');
                for (int i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    WriteValue(sb, list[i]);
                }
                sb.Append(']');
                return;
            }
            throw new ArgumentException("cannot write " + value.GetType().Name + " as JSON");
        }

        public static string Stringify(object value)
        {
            var sb = new StringBuilder();
            WriteValue(sb, value);
            return sb.ToString();
        }

        // ------------------------------------------------------------------ reading

        /// <summary>
        /// Parses one JSON document into JsonObject, List&lt;object&gt;, string, double, bool or null.
        /// Throws FormatException with the position on anything that is not strict JSON.
        /// </summary>
        public static object Parse(string text)
        {
            var p = new Parser(text);
            p.SkipWhitespace();
            object v = p.ParseValue(0);
            p.SkipWhitespace();
            if (p.Pos != text.Length) throw p.Error("unexpected text after the JSON value");
            return v;
        }

        /// <summary>Parse that answers null instead of throwing (server answers may be anything).</summary>
        public static object TryParse(string text)
        {
            if (text == null) return null;
            try
            {
                return Parse(text);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        private sealed class Parser
        {
            private const int MaxDepth = 64;
            private readonly string _s;
            public int Pos;

            public Parser(string s)
            {
                _s = s;
            }

            public FormatException Error(string message)
            {
                return new FormatException("JSON: " + message + " at position " + Pos.ToString(CultureInfo.InvariantCulture));
            }

            public void SkipWhitespace()
            {
                while (Pos < _s.Length)
                {
                    char c = _s[Pos];
                    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') Pos++;
                    else break;
                }
            }

            public object ParseValue(int depth)
            {
                if (depth > MaxDepth) throw Error("nesting too deep");
                if (Pos >= _s.Length) throw Error("unexpected end");
                char c = _s[Pos];
                switch (c)
                {
                    case '{': return ParseObject(depth);
                    case '[': return ParseArray(depth);
                    case '"': return ParseString();
                    case 't': Expect("true"); return true;
                    case 'f': Expect("false"); return false;
                    case 'n': Expect("null"); return null;
                }
                if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber();
                throw Error("unexpected character '" + c + "'");
            }

            private void Expect(string word)
            {
                if (string.CompareOrdinal(_s, Pos, word, 0, word.Length) != 0) throw Error("expected " + word);
                Pos += word.Length;
            }

            private JsonObject ParseObject(int depth)
            {
                var o = new JsonObject();
                Pos++;
                SkipWhitespace();
                if (Pos < _s.Length && _s[Pos] == '}')
                {
                    Pos++;
                    return o;
                }
                while (true)
                {
                    SkipWhitespace();
                    if (Pos >= _s.Length || _s[Pos] != '"') throw Error("expected a key");
                    string key = ParseString();
                    SkipWhitespace();
                    if (Pos >= _s.Length || _s[Pos] != ':') throw Error("expected ':'");
                    Pos++;
                    SkipWhitespace();
                    o.Set(key, ParseValue(depth + 1));
                    SkipWhitespace();
                    if (Pos >= _s.Length) throw Error("unexpected end in object");
                    if (_s[Pos] == ',') { Pos++; continue; }
                    if (_s[Pos] == '}') { Pos++; return o; }
                    throw Error("expected ',' or '}'");
                }
            }

            private List<object> ParseArray(int depth)
            {
                var list = new List<object>();
                Pos++;
                SkipWhitespace();
                if (Pos < _s.Length && _s[Pos] == ']')
                {
                    Pos++;
                    return list;
                }
                while (true)
                {
                    SkipWhitespace();
                    list.Add(ParseValue(depth + 1));
                    SkipWhitespace();
                    if (Pos >= _s.Length) throw Error("unexpected end in array");
                    if (_s[Pos] == ',') { Pos++; continue; }
                    if (_s[Pos] == ']') { Pos++; return list; }
                    throw Error("expected ',' or ']'");
                }
            }

            private string ParseString()
            {
                Pos++; // opening quote
                var sb = new StringBuilder();
                while (true)
                {
                    if (Pos >= _s.Length) throw Error("unterminated string");
                    char c = _s[Pos++];
                    if (c == '"') return sb.ToString();
                    if (c < 0x20) throw Error("control character in string");
                    if (c != '\\')
                    {
                        sb.Append(c);
                        continue;
                    }
                    if (Pos >= _s.Length) throw Error("unterminated escape");
                    char e = _s[Pos++];
                    switch (e)
                    {
                        case '"': sb.Append('"'); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u':
                            if (Pos + 4 > _s.Length) throw Error("short \\u escape");
                            int code = 0;
                            for (int i = 0; i < 4; i++)
                            {
                                int h = HexValue(_s[Pos + i]);
                                if (h < 0) throw Error("bad \\u escape");
                                code = (code << 4) | h;
                            }
                            Pos += 4;
                            sb.Append((char)code);
                            break;
                        default:
                            throw Error("bad escape \\" + e);
                    }
                }
            }

            private static int HexValue(char c)
            {
                if (c >= '0' && c <= '9') return c - '0';
                if (c >= 'a' && c <= 'f') return c - 'a' + 10;
                if (c >= 'A' && c <= 'F') return c - 'A' + 10;
                return -1;
            }

            private double ParseNumber()
            {
                int start = Pos;
                if (_s[Pos] == '-') Pos++;
                if (Pos >= _s.Length) throw Error("bad number");
                if (_s[Pos] == '0')
                {
                    Pos++;
                }
                else if (_s[Pos] >= '1' && _s[Pos] <= '9')
                {
                    while (Pos < _s.Length && char.IsDigit(_s[Pos]) && _s[Pos] < 128) Pos++;
                }
                else
                {
                    throw Error("bad number");
                }
                if (Pos < _s.Length && _s[Pos] == '.')
                {
                    Pos++;
                    int digitsStart = Pos;
                    while (Pos < _s.Length && _s[Pos] >= '0' && _s[Pos] <= '9') Pos++;
                    if (Pos == digitsStart) throw Error("bad fraction");
                }
                if (Pos < _s.Length && (_s[Pos] == 'e' || _s[Pos] == 'E'))
                {
                    Pos++;
                    if (Pos < _s.Length && (_s[Pos] == '+' || _s[Pos] == '-')) Pos++;
                    int digitsStart = Pos;
                    while (Pos < _s.Length && _s[Pos] >= '0' && _s[Pos] <= '9') Pos++;
                    if (Pos == digitsStart) throw Error("bad exponent");
                }
                double d;
                if (!double.TryParse(_s.Substring(start, Pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out d)
                    || double.IsInfinity(d))
                {
                    throw Error("number out of range");
                }
                return d;
            }
        }
    }
}
