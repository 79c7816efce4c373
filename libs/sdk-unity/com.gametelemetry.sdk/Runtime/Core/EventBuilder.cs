// Event v1 as JSON, in the canonical key order every SDK writes (libs/sdk-vectors/README.md): the
// order of the contract's JSON schema, i.e. type, eventId, playerId, sessionId, timestamp,
// properties, appVersion, sdk, then the type's own fields.
using System;
using System.Collections.Generic;
using System.Text;

namespace GameTelemetry
{
    /// <summary>Ordered event properties: <c>new TelemetryProperties { { "weapon", "sword" }, { "level", 3 } }</c>.</summary>
    public sealed class TelemetryProperties : IEnumerable<KeyValuePair<string, object>>
    {
        private readonly List<KeyValuePair<string, object>> _items = new List<KeyValuePair<string, object>>();

        public int Count { get { return _items.Count; } }

        public TelemetryProperties Add(string key, string value) { return Put(key, value); }
        public TelemetryProperties Add(string key, bool value) { return Put(key, value); }
        public TelemetryProperties Add(string key, double value) { return Put(key, value); }
        public TelemetryProperties Add(string key, float value) { return Put(key, value); }
        public TelemetryProperties Add(string key, long value) { return Put(key, value); }
        public TelemetryProperties Add(string key, int value) { return Put(key, value); }

        /// <summary>Any value; anything but a string, a boolean or a finite number is dropped when the event is made.</summary>
        public TelemetryProperties Put(string key, object value)
        {
            _items.Add(new KeyValuePair<string, object>(key, value));
            return this;
        }

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            return _items.GetEnumerator();
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator()
        {
            return GetEnumerator();
        }
    }

    internal static class EventBuilder
    {
        /// <summary>
        /// The properties object as JSON (null when nothing is left), after dropping what ingestion
        /// would refuse: bad keys, values that are not a string, boolean or finite number, and keys
        /// after the 50th kept one; strings are cut to 256 code points. Each problem is reported.
        /// </summary>
        public static string Properties(IEnumerable<KeyValuePair<string, object>> properties, List<string> problems)
        {
            if (properties == null) return null;
            var sb = new StringBuilder();
            var seen = new HashSet<string>();
            int kept = 0;
            foreach (var p in properties)
            {
                if (!Text.IsValidPropertyKey(p.Key))
                {
                    problems.Add("property key '" + p.Key + "' dropped: keys are 1-64 of A-Z a-z 0-9 _ . - starting with a letter or _");
                    continue;
                }
                if (seen.Contains(p.Key)) continue;
                string value = PropertyValue(p.Value);
                if (value == null)
                {
                    problems.Add("property '" + p.Key + "' dropped: values are strings, booleans or finite numbers");
                    continue;
                }
                if (kept == Limits.MaxProperties)
                {
                    problems.Add("property '" + p.Key + "' dropped: at most " + Limits.MaxProperties + " properties per event");
                    continue;
                }
                seen.Add(p.Key);
                sb.Append(kept == 0 ? '{' : ',');
                Json.WriteString(sb, p.Key);
                sb.Append(':').Append(value);
                kept++;
            }
            if (kept == 0) return null;
            sb.Append('}');
            return sb.ToString();
        }

        private static string PropertyValue(object v)
        {
            if (v == null) return null;
            var s = v as string;
            if (s != null)
            {
                return Json.QuoteString(Text.CodePointLength(s) > Limits.PropertyStringMaxLength ? Text.TruncateCodePoints(s, Limits.PropertyStringMaxLength) : s);
            }
            if (v is bool) return (bool)v ? "true" : "false";
            double? d = ToDouble(v);
            if (d == null || double.IsNaN(d.Value) || double.IsInfinity(d.Value)) return null;
            return Json.FormatNumber(d.Value);
        }

        /// <summary>Numbers of any CLR type as the double JSON carries; floats keep their decimal look (0.1f is 0.1).</summary>
        public static double? ToDouble(object v)
        {
            if (v is double) return (double)v;
            if (v is float) return FloatToDouble((float)v);
            if (v is int) return (int)v;
            if (v is long) return (long)v;
            if (v is short) return (short)v;
            if (v is byte) return (byte)v;
            if (v is sbyte) return (sbyte)v;
            if (v is ushort) return (ushort)v;
            if (v is uint) return (uint)v;
            if (v is ulong) return (ulong)v;
            if (v is decimal) return (double)(decimal)v;
            return null;
        }

        /// <summary>
        /// A float widened through decimal, so that 0.1f is sent as 0.1 and not 0.10000000149011612:
        /// Unity games hold most numbers in floats, and their shortest float spelling is what was meant.
        /// </summary>
        public static double FloatToDouble(float f)
        {
            if (float.IsNaN(f) || float.IsInfinity(f)) return f;
            if (Math.Abs(f) > 7.9e27f || (f != 0 && Math.Abs(f) < 1e-27f)) return f;
            return (double)(decimal)f;
        }

        public static string Build(
            string eventId,
            string type,
            string playerId,
            string sessionId,
            long unixMs,
            string fields,
            string propertiesJson,
            TelemetryConfig config)
        {
            var sb = new StringBuilder(256);
            sb.Append("{\"type\":\"").Append(type).Append('"');
            sb.Append(",\"eventId\":");
            Json.WriteString(sb, eventId);
            sb.Append(",\"playerId\":");
            Json.WriteString(sb, playerId);
            sb.Append(",\"sessionId\":");
            Json.WriteString(sb, sessionId);
            sb.Append(",\"timestamp\":\"").Append(Text.FormatIsoTimestamp(unixMs)).Append('"');
            if (propertiesJson != null) sb.Append(",\"properties\":").Append(propertiesJson);
            if (config.AppVersion != null)
            {
                sb.Append(",\"appVersion\":");
                Json.WriteString(sb, config.AppVersion);
            }
            if (config.SdkName != null && config.SdkVersion != null)
            {
                sb.Append(",\"sdk\":{\"name\":");
                Json.WriteString(sb, config.SdkName);
                sb.Append(",\"version\":");
                Json.WriteString(sb, config.SdkVersion);
                sb.Append('}');
            }
            if (fields != null) sb.Append(fields);
            sb.Append('}');
            return sb.ToString();
        }

        /// <summary>Appends ,"key":"value" (string fields of the event types).</summary>
        public static void Field(StringBuilder sb, string key, string value)
        {
            sb.Append(",\"").Append(key).Append("\":");
            Json.WriteString(sb, value);
        }

        public static void Field(StringBuilder sb, string key, double value)
        {
            sb.Append(",\"").Append(key).Append("\":").Append(Json.FormatNumber(value));
        }

        public static string StatusName(ProgressionStatus s)
        {
            switch (s)
            {
                case ProgressionStatus.Start: return "start";
                case ProgressionStatus.Complete: return "complete";
                case ProgressionStatus.Fail: return "fail";
            }
            return null;
        }

        public static string SeverityName(ErrorSeverity s)
        {
            switch (s)
            {
                case ErrorSeverity.Debug: return "debug";
                case ErrorSeverity.Info: return "info";
                case ErrorSeverity.Warning: return "warning";
                case ErrorSeverity.Error: return "error";
                case ErrorSeverity.Critical: return "critical";
            }
            return null;
        }
    }
}
