// The HTTP seam. The core builds requests and reads answers; a transport only moves bytes:
// UnityWebRequest in a game, HttpClient on servers and in tests, a fake in unit tests.
using System;
using System.Collections.Generic;

namespace GameTelemetry
{
    public sealed class HttpRequest
    {
        public string Method = "POST";
        public string Url;
        public readonly List<KeyValuePair<string, string>> Headers = new List<KeyValuePair<string, string>>();
        public byte[] Body;
        public int TimeoutMs = 30000;

        public string GetHeader(string name)
        {
            foreach (var h in Headers)
            {
                if (string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) return h.Value;
            }
            return null;
        }
    }

    public sealed class HttpResponse
    {
        /// <summary>HTTP status, or 0 when there was no answer (see NetworkError).</summary>
        public int Status;

        /// <summary>DNS, connection, TLS or timeout failure: no HTTP answer at all.</summary>
        public bool NetworkError;

        public string ErrorMessage;
        public readonly Dictionary<string, string> Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public string Body;

        public static HttpResponse Failed(string message)
        {
            return new HttpResponse { NetworkError = true, ErrorMessage = message };
        }

        public string GetHeader(string name)
        {
            string v;
            return Headers.TryGetValue(name, out v) ? v : null;
        }
    }

    public interface IHttpTransport
    {
        /// <summary>
        /// Sends the request and calls <paramref name="onComplete"/> exactly once, on any thread,
        /// possibly before Send returns. Must not throw for network problems: report them as
        /// HttpResponse.Failed.
        /// </summary>
        void Send(HttpRequest request, Action<HttpResponse> onComplete);
    }
}
