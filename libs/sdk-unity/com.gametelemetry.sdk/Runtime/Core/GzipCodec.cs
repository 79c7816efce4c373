// gzip for request bodies. GZipStream is part of .NET Standard 2.x (Unity's default API level)
// but not referenced by Unity's .NET Framework level, and some players lack its native zlib
// (WebGL): there compression is simply off and bodies go out as plain JSON.
using System;

namespace GameTelemetry
{
    public static class GzipCodec
    {
        private static volatile bool _broken;

        /// <summary>The gzip bytes, or null when compression is not available here.</summary>
        public static byte[] TryCompress(byte[] data)
        {
#if (UNITY_2017_1_OR_NEWER && !(NET_STANDARD_2_0 || NET_STANDARD_2_1 || NET_STANDARD)) || UNITY_WEBGL
            return null;
#else
            if (_broken) return null;
            try
            {
                using (var ms = new System.IO.MemoryStream())
                {
                    using (var gz = new System.IO.Compression.GZipStream(ms, System.IO.Compression.CompressionMode.Compress, true)) gz.Write(data, 0, data.Length);
                    return ms.ToArray();
                }
            }
            catch (Exception)
            {
                // DllNotFoundException and friends: a player without a native zlib.
                _broken = true;
                return null;
            }
#endif
        }
    }
}
