// Checksums and the request signature. HMAC-SHA256 comes from System.Security.Cryptography,
// which every Unity scripting backend ships; CRC32 is the one zlib and Node use (API key checksums).
using System.Security.Cryptography;
using System.Text;

namespace GameTelemetry
{
    public static class Crypto
    {
        private static readonly uint[] CrcTable = BuildCrcTable();

        private static uint[] BuildCrcTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }

        /// <summary>CRC-32 (IEEE 802.3, as zlib.crc32).</summary>
        public static uint Crc32(byte[] data, int offset, int count)
        {
            uint c = 0xFFFFFFFFu;
            for (int i = offset; i < offset + count; i++) c = CrcTable[(c ^ data[i]) & 0xFF] ^ (c >> 8);
            return c ^ 0xFFFFFFFFu;
        }

        public static uint Crc32(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            return Crc32(bytes, 0, bytes.Length);
        }

        public static string Hex(byte[] bytes)
        {
            const string digits = "0123456789abcdef";
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (byte b in bytes) sb.Append(digits[b >> 4]).Append(digits[b & 0xF]);
            return sb.ToString();
        }

        public static string Sha256Hex(byte[] data)
        {
            using (var sha = SHA256.Create()) return Hex(sha.ComputeHash(data));
        }

        public static string HmacSha256Hex(byte[] key, byte[] message)
        {
            using (var mac = new HMACSHA256(key)) return Hex(mac.ComputeHash(message));
        }

        /// <summary>
        /// The X-Signature header value: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;." + body)&gt;.
        /// The body is the JSON as sent, before any Content-Encoding.
        /// </summary>
        public static string SignatureHeader(string secret, long unixSeconds, byte[] body)
        {
            string t = unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            byte[] prefix = Encoding.UTF8.GetBytes(t + ".");
            var message = new byte[prefix.Length + body.Length];
            System.Buffer.BlockCopy(prefix, 0, message, 0, prefix.Length);
            System.Buffer.BlockCopy(body, 0, message, prefix.Length, body.Length);
            return "t=" + t + ",v1=" + HmacSha256Hex(Encoding.UTF8.GetBytes(secret), message);
        }
    }
}
