// Drives the client from Unity's lifecycle: Tick() every frame, Pause()/Resume() when the app
// goes to and comes back from the background, EndSession() and Shutdown() on quit. Add it to a
// GameObject in the first scene (Add Component > Game Telemetry), or call Telemetry.Init from
// code, which creates one. It survives scene loads; a second copy destroys itself.
using UnityEngine;

namespace GameTelemetry.Unity
{
    [DisallowMultipleComponent]
    [AddComponentMenu("Game Telemetry/Game Telemetry")]
    public sealed class GameTelemetryBehaviour : MonoBehaviour
    {
        [Tooltip("Api Key and Endpoint are required: the game client's key from the portal, and the ingestion service's base URL.")]
        public TelemetryConfig Config = new TelemetryConfig { Endpoint = "http://127.0.0.1:3002" };

        [Tooltip("Initialise in Awake with Config. Turn off to call Telemetry.Init yourself (e.g. after a consent screen).")]
        public bool InitializeOnAwake = true;

        [Tooltip("Start a session as soon as the SDK is initialised.")]
        public bool AutoStartSession = true;

        [Tooltip("Send Debug.LogException / LogError messages as error events (at most 10 per minute).")]
        public bool CaptureUnityErrors;

        [Tooltip("Least important SDK message shown in the console.")]
        public LogLevel ConsoleLogLevel = LogLevel.Info;

        private static GameTelemetryBehaviour _instance;
        private float _captureWindowStart;
        private int _capturedInWindow;

        internal static GameTelemetryBehaviour Instance { get { return _instance; } }

        private void Awake()
        {
            if (_instance != null && _instance != this)
            {
                Destroy(gameObject);
                return;
            }
            _instance = this;
            DontDestroyOnLoad(gameObject);
            if (InitializeOnAwake && Telemetry.Client == null) Telemetry.Init(Config, AutoStartSession, ConsoleLogLevel);
            Application.logMessageReceived += OnLogMessage;
        }

        private void Update()
        {
            TelemetryClient client = Telemetry.Client;
            if (client != null) client.Tick();
        }

        private void OnApplicationPause(bool paused)
        {
            TelemetryClient client = Telemetry.Client;
            if (client == null) return;
            if (paused) client.Pause();
            else client.Resume();
        }

        private void OnApplicationQuit()
        {
            TelemetryClient client = Telemetry.Client;
            if (client == null) return;
            client.EndSession();
            // Nothing can be awaited while quitting: what is not sent now is on disk for the next start.
            client.Tick();
            client.Shutdown(0);
        }

        private void OnDestroy()
        {
            if (_instance != this) return;
            Application.logMessageReceived -= OnLogMessage;
            _instance = null;
        }

        private void OnLogMessage(string condition, string stackTrace, LogType type)
        {
            if (!CaptureUnityErrors || (type != LogType.Exception && type != LogType.Error)) return;
            if (condition != null && condition.StartsWith(UnityTelemetryLogger.Prefix)) return;
            TelemetryClient client = Telemetry.Client;
            if (client == null) return;
            float now = Time.realtimeSinceStartup;
            if (now - _captureWindowStart > 60f)
            {
                _captureWindowStart = now;
                _capturedInWindow = 0;
            }
            if (++_capturedInWindow > 10) return;
            string message = string.IsNullOrEmpty(stackTrace) ? condition : condition + "\n" + stackTrace;
            client.Error(type == LogType.Exception ? ErrorSeverity.Critical : ErrorSeverity.Error, string.IsNullOrEmpty(message) ? type.ToString() : message);
        }
    }
}
