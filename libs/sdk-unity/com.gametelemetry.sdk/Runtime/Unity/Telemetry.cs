// The one entry point most games need:
//   Telemetry.Init(new TelemetryConfig { ApiKey = "gtk_live_...", Endpoint = "https://ingest.example.com" });
//   Telemetry.Track("Kill:Sword:Robot", 1);
// Init fills in what Unity knows (the queue under Application.persistentDataPath, Application.version)
// and makes sure a GameTelemetryBehaviour drives the client.
using System.Collections.Generic;
using System.IO;
using UnityEngine;

namespace GameTelemetry.Unity
{
    public static class Telemetry
    {
        public const string SdkName = "gametelemetry-unity";

        /// <summary>The client, or null before Init (every call below is then a no-op returning false).</summary>
        public static TelemetryClient Client { get; private set; }

        /// <summary>
        /// Starts the SDK. Returns false when the configuration is refused (the reason is in the
        /// console and in Client.InitError); the game keeps running, nothing is sent.
        /// </summary>
        public static bool Init(TelemetryConfig config, bool startSession = true, LogLevel consoleLogLevel = LogLevel.Info)
        {
            if (Client != null)
            {
                Debug.LogWarning(UnityTelemetryLogger.Prefix + "Init called twice; keeping the first client");
                return Client.IsEnabled;
            }
            TelemetryConfig c = config.Clone();
            if (string.IsNullOrEmpty(c.StorageDirectory)) c.StorageDirectory = Path.Combine(Application.persistentDataPath, "GameTelemetry");
            if (string.IsNullOrEmpty(c.AppVersion)) c.AppVersion = Application.version;
            if (c.SdkName == "gametelemetry-csharp") c.SdkName = SdkName;
            var services = new TelemetryServices { Logger = new UnityTelemetryLogger(consoleLogLevel) };
            Client = new TelemetryClient(c, new UnityWebRequestTransport(), services);
            if (GameTelemetryBehaviour.Instance == null)
            {
                var host = new GameObject("GameTelemetry");
                GameTelemetryBehaviour behaviour = host.AddComponent<GameTelemetryBehaviour>();
                behaviour.InitializeOnAwake = false;
            }
            if (startSession) Client.StartSession();
            return Client.IsEnabled;
        }

        public static bool StartSession() { return Client != null && Client.StartSession(); }

        public static bool EndSession() { return Client != null && Client.EndSession(); }

        public static bool Track(string name, double? value = null, IEnumerable<KeyValuePair<string, object>> properties = null)
        {
            return Client != null && Client.Track(name, value, properties);
        }

        public static bool Track(string name, float value, IEnumerable<KeyValuePair<string, object>> properties = null)
        {
            return Client != null && Client.Track(name, value, properties);
        }

        public static bool Progression(ProgressionStatus status, string level, double? score = null, int? attempt = null, IEnumerable<KeyValuePair<string, object>> properties = null)
        {
            return Client != null && Client.Progression(status, level, score, attempt, properties);
        }

        public static bool Purchase(string currency, long amount, string itemId, string itemType = null, string transactionId = null, IEnumerable<KeyValuePair<string, object>> properties = null)
        {
            return Client != null && Client.Purchase(currency, amount, itemId, itemType, transactionId, properties);
        }

        public static bool Error(ErrorSeverity severity, string message, IEnumerable<KeyValuePair<string, object>> properties = null)
        {
            return Client != null && Client.Error(severity, message, properties);
        }

        public static void Flush()
        {
            if (Client != null) Client.Flush();
        }

        public static TelemetryStats Stats { get { return Client != null ? Client.Stats : new TelemetryStats(); } }

        /// <summary>Stops the SDK (queued events stay on disk); Init may be called again afterwards, e.g. with another key.</summary>
        public static void Shutdown()
        {
            if (Client == null) return;
            Client.Shutdown(0);
            Client = null;
        }
    }
}
