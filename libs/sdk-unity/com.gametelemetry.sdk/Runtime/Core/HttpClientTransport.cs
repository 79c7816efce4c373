// A transport on System.Net.Http.HttpClient: for dedicated servers, tools and the integration
// tests. Games use the Unity layer's UnityWebRequest transport instead (it respects the engine's
// proxy, certificate and platform rules, and works on WebGL), so inside Unity this file compiles
// to nothing: System.Net.Http is not referenced by every Unity API compatibility level.
#if !UNITY_2017_1_OR_NEWER
using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace GameTelemetry
{
    public sealed class HttpClientTransport : IHttpTransport, IDisposable
    {
        private readonly HttpClient _client;
        private readonly bool _ownsClient;

        public HttpClientTransport() : this(new HttpClient(), true)
        {
        }

        public HttpClientTransport(HttpClient client, bool ownsClient = false)
        {
            _client = client;
            _ownsClient = ownsClient;
            // The per-request timeout below is the one that counts.
            _client.Timeout = Timeout.InfiniteTimeSpan;
        }

        public void Send(HttpRequest request, Action<HttpResponse> onComplete)
        {
            HttpRequestMessage message;
            try
            {
                message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
                var content = new ByteArrayContent(request.Body ?? new byte[0]);
                foreach (var h in request.Headers)
                {
                    if (string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase))
                    {
                        content.Headers.ContentType = MediaTypeHeaderValue.Parse(h.Value);
                    }
                    else if (string.Equals(h.Key, "Content-Encoding", StringComparison.OrdinalIgnoreCase))
                    {
                        content.Headers.ContentEncoding.Add(h.Value);
                    }
                    else
                    {
                        message.Headers.TryAddWithoutValidation(h.Key, h.Value);
                    }
                }
                message.Content = content;
            }
            catch (Exception e)
            {
                onComplete(HttpResponse.Failed("bad request: " + e.Message));
                return;
            }
            var cts = new CancellationTokenSource(request.TimeoutMs);
            _client.SendAsync(message, cts.Token).ContinueWith(task =>
            {
                HttpResponse response;
                try
                {
                    if (task.IsFaulted || task.IsCanceled)
                    {
                        string why = task.IsCanceled ? "timed out after " + request.TimeoutMs + " ms" : Flatten(task.Exception);
                        response = HttpResponse.Failed(why);
                    }
                    else
                    {
                        response = Read(task.Result);
                    }
                }
                catch (Exception e)
                {
                    response = HttpResponse.Failed(e.Message);
                }
                finally
                {
                    cts.Dispose();
                    message.Dispose();
                }
                onComplete(response);
            }, TaskScheduler.Default);
        }

        private static HttpResponse Read(HttpResponseMessage m)
        {
            using (m)
            {
                var r = new HttpResponse { Status = (int)m.StatusCode };
                foreach (var h in m.Headers) r.Headers[h.Key] = string.Join(",", h.Value);
                if (m.Content != null)
                {
                    foreach (var h in m.Content.Headers) r.Headers[h.Key] = string.Join(",", h.Value);
                    r.Body = m.Content.ReadAsStringAsync().Result;
                }
                if (m.Headers.Date.HasValue && !r.Headers.ContainsKey("Date"))
                {
                    r.Headers["Date"] = m.Headers.Date.Value.UtcDateTime.ToString("r", System.Globalization.CultureInfo.InvariantCulture);
                }
                return r;
            }
        }

        private static string Flatten(AggregateException e)
        {
            if (e == null) return "request failed";
            Exception inner = e.GetBaseException();
            return inner.GetType().Name + ": " + inner.Message;
        }

        public void Dispose()
        {
            if (_ownsClient) _client.Dispose();
        }
    }
}
#endif
