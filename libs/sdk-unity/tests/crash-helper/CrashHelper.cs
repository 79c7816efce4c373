// A separate process for the tests that kill one for real (SIGKILL): it does what a game does
// with the queue and reports its progress on stdout, and the test kills it at a chosen point.
//   CrashHelper.exe stop-before-rename <dir>   10 events, 6 done, compaction stopped before its rename
//   CrashHelper.exe append <dir>               appends events forever, printing each seq written
//   CrashHelper.exe client <dir> <endpoint> <key> <player> <count>
//                                              a TelemetryClient (HttpClient transport) tracking
//                                              <count> events, ticking forever, printing its stats
using System;
using System.Threading;
using GameTelemetry;

internal static class CrashHelper
{
    private sealed class PausingStorage : IStorage
    {
        private readonly FileStorage _files;

        public PausingStorage(string dir)
        {
            _files = new FileStorage(dir);
        }

        public byte[] Read(string name) { return _files.Read(name); }
        public void Append(string name, byte[] data, int offset, int count, bool sync) { _files.Append(name, data, offset, count, sync); }
        public void Write(string name, byte[] data, bool sync) { _files.Write(name, data, sync); }
        public void Delete(string name) { _files.Delete(name); }
        public bool Exists(string name) { return _files.Exists(name); }

        public void Replace(string source, string destination)
        {
            if (source == EventQueue.TempName)
            {
                Console.WriteLine("AT-RENAME");
                Console.Out.Flush();
                Thread.Sleep(Timeout.Infinite); // killed here
            }
            _files.Replace(source, destination);
        }
    }

    private static int Main(string[] args)
    {
        switch (args[0])
        {
            case "stop-before-rename":
            {
                var q = new EventQueue(new PausingStorage(args[1]), null);
                q.Open(0);
                for (int i = 1; i <= 10; i++) q.Enqueue("{\"n\":" + i + "}", 0);
                q.WritePending(() => false, false);
                q.RemoveThrough(6);
                q.RequestCompaction();
                q.CompactStep(() => false);
                return 2;
            }
            case "append":
            {
                var q = new EventQueue(new FileStorage(args[1]), null);
                q.Open(0);
                string pad = new string('x', 200);
                for (int i = 1; ; i++)
                {
                    q.Enqueue("{\"n\":" + i + ",\"pad\":\"" + pad + "\"}", 0);
                    q.WritePending(() => false, false);
                    Console.WriteLine(i);
                    Console.Out.Flush();
                }
            }
            case "client":
            {
                // Commands on stdin: "track <count> <first index>". Stats on stdout whenever they change.
                var config = new TelemetryConfig
                {
                    ApiKey = args[3],
                    Endpoint = args[2],
                    PlayerId = args[4],
                    StorageDirectory = args[1],
                    FlushIntervalMs = 200,
                    InitialRetryDelayMs = 200,
                    MaxRetryDelayMs = 1000,
                    SdkName = "gametelemetry-unity-int",
                };
                var client = new TelemetryClient(config, new HttpClientTransport(), new TelemetryServices { Logger = new ConsoleLogger(LogLevel.Info) });
                var commands = new System.Collections.Concurrent.ConcurrentQueue<string>();
                new Thread(() =>
                {
                    string line;
                    while ((line = Console.In.ReadLine()) != null) commands.Enqueue(line);
                }) { IsBackground = true }.Start();
                Track(client, int.Parse(args[5]), 0, args[4]);
                string last = null;
                while (true)
                {
                    string command;
                    while (commands.TryDequeue(out command))
                    {
                        string[] parts = command.Split(' ');
                        if (parts[0] == "track") Track(client, int.Parse(parts[1]), int.Parse(parts[2]), args[4]);
                    }
                    client.Tick();
                    var s = client.Stats;
                    string stats = "STATS accepted=" + s.Accepted + " queued=" + s.Queued + " failed=" + s.FailedRequests + " rejected=" + s.Rejected + " halted=" + s.Halted;
                    if (stats != last)
                    {
                        Console.WriteLine(stats);
                        Console.Out.Flush();
                        last = stats;
                    }
                    Thread.Sleep(20);
                }
            }
        }
        return 1;
    }

    private static void Track(TelemetryClient client, int count, int first, string run)
    {
        for (int i = first; i < first + count; i++) client.Track("Int:Event:" + i, i, new TelemetryProperties { { "run", run } });
    }
}
