// The game's transport: UnityWebRequest follows the engine's rules on every platform (proxies,
// certificates, WebGL's browser fetch). Created and completed on the main thread, from Tick().
using System;
using System.Collections.Generic;
using UnityEngine;
using UnityEngine.Networking;

namespace GameTelemetry.Unity
{
    public sealed class UnityWebRequestTransport : IHttpTransport
    {
        public void Send(HttpRequest request, Action<HttpResponse> onComplete)
        {
            UnityWebRequest web;
            try
            {
                web = new UnityWebRequest(request.Url, request.Method);
                var upload = new UploadHandlerRaw(request.Body ?? new byte[0]);
                web.uploadHandler = upload;
                web.downloadHandler = new DownloadHandlerBuffer();
                web.timeout = Mathf.Max(1, Mathf.CeilToInt(request.TimeoutMs / 1000f));
                foreach (KeyValuePair<string, string> h in request.Headers)
                {
                    if (string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase)) upload.contentType = h.Value;
                    else web.SetRequestHeader(h.Key, h.Value);
                }
            }
            catch (Exception e)
            {
                onComplete(HttpResponse.Failed("cannot build the request: " + e.Message));
                return;
            }
            UnityWebRequestAsyncOperation op = web.SendWebRequest();
            op.completed += _ =>
            {
                HttpResponse response;
                try
                {
                    response = Read(web);
                }
                catch (Exception e)
                {
                    response = HttpResponse.Failed(e.Message);
                }
                finally
                {
                    web.Dispose();
                }
                onComplete(response);
            };
        }

        private static HttpResponse Read(UnityWebRequest web)
        {
            // ProtocolError is an HTTP answer (4xx/5xx) and is read like any other; no answer at all is a network error.
            if (web.result == UnityWebRequest.Result.ConnectionError || web.responseCode == 0)
            {
                return HttpResponse.Failed(string.IsNullOrEmpty(web.error) ? "no response" : web.error);
            }
            var r = new HttpResponse { Status = (int)web.responseCode };
            Dictionary<string, string> headers = web.GetResponseHeaders();
            if (headers != null)
            {
                foreach (KeyValuePair<string, string> h in headers) r.Headers[h.Key] = h.Value;
            }
            r.Body = web.downloadHandler != null ? web.downloadHandler.text : null;
            return r;
        }
    }
}
