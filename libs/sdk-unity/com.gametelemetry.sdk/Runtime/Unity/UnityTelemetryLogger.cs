// SDK messages in the Unity console, prefixed so they are easy to filter (and never re-captured
// as error events by CaptureUnityErrors).
using UnityEngine;

namespace GameTelemetry.Unity
{
    public sealed class UnityTelemetryLogger : ITelemetryLogger
    {
        public const string Prefix = "[GameTelemetry] ";
        private readonly LogLevel _min;

        public UnityTelemetryLogger(LogLevel min)
        {
            _min = min;
        }

        public void Log(LogLevel level, string message)
        {
            if (level < _min) return;
            switch (level)
            {
                case LogLevel.Error: Debug.LogError(Prefix + message); break;
                case LogLevel.Warning: Debug.LogWarning(Prefix + message); break;
                default: Debug.Log(Prefix + message); break;
            }
        }
    }
}
