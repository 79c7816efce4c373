using System.Runtime.CompilerServices;

// The tests reach into the queue to force a compaction at a chosen moment.
[assembly: InternalsVisibleTo("GameTelemetry.Tests")]
