// Game-client API keys: gtk_live_<32 base62>_<6 base62 checksum>, the checksum being CRC32 of
// everything before the last underscore in base62 (libs/api-keys). Checked at Init so that a
// mistyped key is reported on the developer's first run instead of as 401s from the server.
namespace GameTelemetry
{
    public static class ApiKey
    {
        public const string Prefix = "gtk_live_";
        private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

        /// <summary>null when the key is well formed; otherwise KEY_MALFORMED or KEY_BAD_CHECKSUM.</summary>
        public static string Check(string key)
        {
            if (key == null || key.Length != Prefix.Length + 32 + 1 + 6 || !key.StartsWith(Prefix, System.StringComparison.Ordinal))
            {
                return "KEY_MALFORMED";
            }
            for (int i = Prefix.Length; i < key.Length; i++)
            {
                if (i == Prefix.Length + 32)
                {
                    if (key[i] != '_') return "KEY_MALFORMED";
                    continue;
                }
                if (Base62.IndexOf(key[i]) < 0) return "KEY_MALFORMED";
            }
            uint n = Crypto.Crc32(key.Substring(0, Prefix.Length + 32));
            var checksum = new char[6];
            for (int i = 5; i >= 0; i--)
            {
                checksum[i] = Base62[(int)(n % 62)];
                n /= 62;
            }
            return new string(checksum) == key.Substring(Prefix.Length + 33) ? null : "KEY_BAD_CHECKSUM";
        }

        /// <summary>The first 12 characters: enough to tell keys apart in logs, useless to an attacker.</summary>
        public static string DisplayPrefix(string key)
        {
            if (key == null) return "(none)";
            return key.Length <= 12 ? key : key.Substring(0, 12) + "…";
        }
    }
}
