// What the client needs from its surroundings, each behind an interface so that the engine layer
// supplies the real thing and tests supply a fake (a clock they move, ids they chose, a fixed jitter).
using System;
using System.Diagnostics;

namespace GameTelemetry
{
    public interface IClock
    {
        /// <summary>Wall-clock time: event timestamps, the pause gap, request signatures.</summary>
        long UnixMillis { get; }

        /// <summary>A monotonic millisecond counter: intervals, backoff, the per-frame time budget.</summary>
        double MonotonicMillis { get; }
    }

    public sealed class SystemClock : IClock
    {
        private static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        private readonly Stopwatch _watch = Stopwatch.StartNew();

        public long UnixMillis { get { return (long)(DateTime.UtcNow - Epoch).TotalMilliseconds; } }

        public double MonotonicMillis { get { return _watch.Elapsed.TotalMilliseconds; } }
    }

    /// <summary>Makes session and event ids: lowercase UUID v4.</summary>
    public interface IIdGenerator
    {
        string NextId();
    }

    public sealed class GuidIdGenerator : IIdGenerator
    {
        // Guid.NewGuid is a random (version 4) UUID on every .NET and Unity runtime.
        public string NextId()
        {
            return Guid.NewGuid().ToString("D");
        }
    }

    /// <summary>A number in [0, 1) for backoff jitter.</summary>
    public interface IRandomSource
    {
        double NextDouble();
    }

    public sealed class SystemRandomSource : IRandomSource
    {
        private readonly Random _random = new Random();

        public double NextDouble()
        {
            lock (_random) return _random.NextDouble();
        }
    }

    public enum LogLevel
    {
        Debug,
        Info,
        Warning,
        Error,
    }

    public interface ITelemetryLogger
    {
        void Log(LogLevel level, string message);
    }

    public sealed class NullLogger : ITelemetryLogger
    {
        public void Log(LogLevel level, string message)
        {
        }
    }

    /// <summary>Writes to the console (servers, tools, tests); the Unity layer logs to the Unity console instead.</summary>
    public sealed class ConsoleLogger : ITelemetryLogger
    {
        private readonly LogLevel _min;

        public ConsoleLogger(LogLevel min = LogLevel.Info)
        {
            _min = min;
        }

        public void Log(LogLevel level, string message)
        {
            if (level >= _min) Console.Error.WriteLine("[GameTelemetry] " + level + ": " + message);
        }
    }
}
