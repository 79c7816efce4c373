// String rules of event v1 (libs/contracts/src/limits.ts) and the time formats of the wire.
// Lengths are counted in Unicode code points, as the ingestion service's validator counts them;
// the patterns are checked by hand so that they cost nothing per event and match the C++ core.
using System;
using System.Globalization;
using System.Text;

namespace GameTelemetry
{
    public static class Text
    {
        /// <summary>Unicode code points in a UTF-16 string (a surrogate pair is one).</summary>
        public static int CodePointLength(string s)
        {
            int count = 0;
            for (int i = 0; i < s.Length; i++)
            {
                if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
                count++;
            }
            return count;
        }

        /// <summary>The first <paramref name="max"/> code points; never splits a surrogate pair.</summary>
        public static string TruncateCodePoints(string s, int max)
        {
            int count = 0;
            for (int i = 0; i < s.Length; i++)
            {
                if (count == max) return s.Substring(0, i);
                if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
                count++;
            }
            return s;
        }

        private static bool IsNameChar(char c)
        {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
        }

        /// <summary>^[A-Za-z0-9_.-]+(?::[A-Za-z0-9_.-]+){0,4}$ and at most 128 characters.</summary>
        public static bool IsValidDesignName(string name)
        {
            if (string.IsNullOrEmpty(name) || name.Length > Limits.DesignNameMaxLength) return false;
            int parts = 1;
            int partLength = 0;
            foreach (char c in name)
            {
                if (c == ':')
                {
                    if (partLength == 0) return false;
                    parts++;
                    partLength = 0;
                }
                else if (IsNameChar(c))
                {
                    partLength++;
                }
                else
                {
                    return false;
                }
            }
            return partLength > 0 && parts <= 5;
        }

        /// <summary>^[A-Za-z_][A-Za-z0-9_.-]{0,63}$, and not __proto__ (special to every JavaScript consumer).</summary>
        public static bool IsValidPropertyKey(string key)
        {
            if (string.IsNullOrEmpty(key) || key.Length > 64 || key == "__proto__") return false;
            char first = key[0];
            if (!((first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z') || first == '_')) return false;
            for (int i = 1; i < key.Length; i++)
            {
                if (!IsNameChar(key[i])) return false;
            }
            return true;
        }

        /// <summary>^[A-Z]{3}$ (ISO 4217).</summary>
        public static bool IsValidCurrency(string currency)
        {
            if (currency == null || currency.Length != 3) return false;
            foreach (char c in currency)
            {
                if (c < 'A' || c > 'Z') return false;
            }
            return true;
        }

        /// <summary>Non-empty and at most <paramref name="max"/> code points.</summary>
        public static bool IsValidRequired(string s, int max)
        {
            return !string.IsNullOrEmpty(s) && CodePointLength(s) <= max;
        }

        // ------------------------------------------------------------------ time

        /// <summary>ISO-8601 UTC with milliseconds (2026-11-24T10:00:00.000Z), as Date.prototype.toISOString.</summary>
        public static string FormatIsoTimestamp(long unixMs)
        {
            long days = FloorDiv(unixMs, 86400000L);
            long msOfDay = unixMs - days * 86400000L;
            int year, month, day;
            CivilFromDays(days, out year, out month, out day);
            int hour = (int)(msOfDay / 3600000L);
            int minute = (int)(msOfDay / 60000L % 60);
            int second = (int)(msOfDay / 1000L % 60);
            int ms = (int)(msOfDay % 1000L);
            var sb = new StringBuilder(24);
            sb.Append(year.ToString("D4", CultureInfo.InvariantCulture)).Append('-')
                .Append(month.ToString("D2", CultureInfo.InvariantCulture)).Append('-')
                .Append(day.ToString("D2", CultureInfo.InvariantCulture)).Append('T')
                .Append(hour.ToString("D2", CultureInfo.InvariantCulture)).Append(':')
                .Append(minute.ToString("D2", CultureInfo.InvariantCulture)).Append(':')
                .Append(second.ToString("D2", CultureInfo.InvariantCulture)).Append('.')
                .Append(ms.ToString("D3", CultureInfo.InvariantCulture)).Append('Z');
            return sb.ToString();
        }

        private static long FloorDiv(long a, long b)
        {
            long q = a / b;
            if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
            return q;
        }

        // Howard Hinnant's civil-from-days: exact for the proleptic Gregorian calendar.
        private static void CivilFromDays(long z, out int year, out int month, out int day)
        {
            z += 719468;
            long era = FloorDiv(z, 146097);
            long doe = z - era * 146097;
            long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
            long y = yoe + era * 400;
            long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            long mp = (5 * doy + 2) / 153;
            day = (int)(doy - (153 * mp + 2) / 5 + 1);
            month = (int)(mp < 10 ? mp + 3 : mp - 9);
            year = (int)(month <= 2 ? y + 1 : y);
        }

        internal static long DaysFromCivil(int year, int month, int day)
        {
            long y = month <= 2 ? year - 1 : year;
            long era = FloorDiv(y, 400);
            long yoe = y - era * 400;
            long mp = month > 2 ? month - 3 : month + 9;
            long doy = (153 * mp + 2) / 5 + day - 1;
            long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
            return era * 146097 + doe - 719468;
        }

        private static readonly string[] Months = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

        /// <summary>
        /// An HTTP Date header (IMF-fixdate, "Tue, 24 Nov 2026 11:00:05 GMT") as Unix seconds; null when
        /// it is not one. Only used to learn the server clock for request signatures.
        /// </summary>
        public static long? ParseHttpDate(string value)
        {
            if (value == null) return null;
            string[] parts = value.Trim().Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 6 || !parts[0].EndsWith(",") || parts[5] != "GMT") return null;
            int day, year;
            if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out day)) return null;
            int month = Array.IndexOf(Months, parts[2]) + 1;
            if (month == 0) return null;
            if (!int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out year)) return null;
            string[] hms = parts[4].Split(':');
            if (hms.Length != 3) return null;
            int h, m, s;
            if (!int.TryParse(hms[0], NumberStyles.None, CultureInfo.InvariantCulture, out h)
                || !int.TryParse(hms[1], NumberStyles.None, CultureInfo.InvariantCulture, out m)
                || !int.TryParse(hms[2], NumberStyles.None, CultureInfo.InvariantCulture, out s))
            {
                return null;
            }
            if (day < 1 || day > 31 || h > 23 || m > 59 || s > 60 || year < 1970) return null;
            return DaysFromCivil(year, month, day) * 86400L + h * 3600L + m * 60L + s;
        }

        /// <summary>
        /// Retry-After as milliseconds from <paramref name="nowUnixMs"/>: delay-seconds (what ingestion
        /// sends) or an HTTP date; null when absent or unreadable. Not capped here.
        /// </summary>
        public static long? ParseRetryAfterMs(string value, long nowUnixMs)
        {
            if (value == null) return null;
            string t = value.Trim();
            if (t.Length == 0) return null;
            bool digits = true;
            foreach (char c in t)
            {
                if (c < '0' || c > '9') digits = false;
            }
            if (digits)
            {
                if (t.Length > 12) return long.MaxValue / 4;
                return long.Parse(t, CultureInfo.InvariantCulture) * 1000L;
            }
            long? at = ParseHttpDate(t);
            if (at == null) return null;
            return Math.Max(0, at.Value * 1000L - nowUnixMs);
        }
    }
}
