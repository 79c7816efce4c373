// Where the queue and the session state live. Files are named relative to one directory; the
// queue relies on three properties of Append/Replace that FileStorage gives on every platform:
// appended bytes are in the OS before Append returns (a killed app keeps them), `sync` forces
// them to the device (power loss), and Replace swaps a file in one step (write-then-rename).
using System;
using System.Collections.Generic;
using System.IO;

namespace GameTelemetry
{
    public interface IStorage
    {
        /// <summary>The whole file, or null when it does not exist.</summary>
        byte[] Read(string name);

        void Append(string name, byte[] data, int offset, int count, bool sync);

        /// <summary>Creates or truncates the file and writes <paramref name="data"/>.</summary>
        void Write(string name, byte[] data, bool sync);

        /// <summary>Renames <paramref name="source"/> to <paramref name="destination"/>, replacing it.</summary>
        void Replace(string source, string destination);

        void Delete(string name);

        bool Exists(string name);
    }

    public sealed class FileStorage : IStorage, IDisposable
    {
        private readonly string _directory;
        private readonly Dictionary<string, FileStream> _appenders = new Dictionary<string, FileStream>();
        private readonly object _gate = new object();

        public FileStorage(string directory)
        {
            _directory = directory;
            Directory.CreateDirectory(directory);
        }

        public string DirectoryPath { get { return _directory; } }

        private string PathOf(string name)
        {
            return Path.Combine(_directory, name);
        }

        private void Close(string name)
        {
            FileStream s;
            if (_appenders.TryGetValue(name, out s))
            {
                _appenders.Remove(name);
                s.Dispose();
            }
        }

        public byte[] Read(string name)
        {
            lock (_gate)
            {
                FileStream s;
                if (_appenders.TryGetValue(name, out s)) s.Flush();
                string p = PathOf(name);
                if (!File.Exists(p)) return null;
                using (var f = new FileStream(p, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                {
                    var data = new byte[f.Length];
                    int read = 0;
                    while (read < data.Length)
                    {
                        int n = f.Read(data, read, data.Length - read);
                        if (n <= 0) break;
                        read += n;
                    }
                    if (read == data.Length) return data;
                    var shorter = new byte[read];
                    Array.Copy(data, shorter, read);
                    return shorter;
                }
            }
        }

        public void Append(string name, byte[] data, int offset, int count, bool sync)
        {
            lock (_gate)
            {
                FileStream s;
                if (!_appenders.TryGetValue(name, out s))
                {
                    s = new FileStream(PathOf(name), FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete);
                    _appenders[name] = s;
                }
                try
                {
                    s.Write(data, offset, count);
                    // Flush() hands the bytes to the OS: enough to survive the app being killed.
                    if (sync) s.Flush(true);
                    else s.Flush();
                }
                catch (IOException)
                {
                    Close(name);
                    throw;
                }
            }
        }

        public void Write(string name, byte[] data, bool sync)
        {
            lock (_gate)
            {
                Close(name);
                using (var f = new FileStream(PathOf(name), FileMode.Create, FileAccess.Write, FileShare.Read | FileShare.Delete))
                {
                    f.Write(data, 0, data.Length);
                    if (sync) f.Flush(true);
                }
            }
        }

        public void Replace(string source, string destination)
        {
            lock (_gate)
            {
                Close(source);
                Close(destination);
                string src = PathOf(source);
                string dst = PathOf(destination);
                if (File.Exists(dst))
                {
                    try
                    {
                        // rename(2) on Unix, ReplaceFile on Windows: the destination is never missing.
                        File.Replace(src, dst, null);
                        return;
                    }
                    catch (PlatformNotSupportedException)
                    {
                    }
                    // The queue reader recovers from this window: a missing file with a complete .tmp.
                    File.Delete(dst);
                }
                File.Move(src, dst);
            }
        }

        public void Delete(string name)
        {
            lock (_gate)
            {
                Close(name);
                string p = PathOf(name);
                if (File.Exists(p)) File.Delete(p);
            }
        }

        public bool Exists(string name)
        {
            lock (_gate) return File.Exists(PathOf(name));
        }

        public void Dispose()
        {
            lock (_gate)
            {
                foreach (var s in _appenders.Values) s.Dispose();
                _appenders.Clear();
            }
        }
    }

    /// <summary>Files in memory: for platforms without a writable disk, and for tests.</summary>
    public class MemoryStorage : IStorage
    {
        private readonly Dictionary<string, List<byte>> _files = new Dictionary<string, List<byte>>();

        public virtual byte[] Read(string name)
        {
            lock (_files)
            {
                List<byte> f;
                return _files.TryGetValue(name, out f) ? f.ToArray() : null;
            }
        }

        public virtual void Append(string name, byte[] data, int offset, int count, bool sync)
        {
            lock (_files)
            {
                List<byte> f;
                if (!_files.TryGetValue(name, out f))
                {
                    f = new List<byte>();
                    _files[name] = f;
                }
                for (int i = offset; i < offset + count; i++) f.Add(data[i]);
            }
        }

        public virtual void Write(string name, byte[] data, bool sync)
        {
            lock (_files) _files[name] = new List<byte>(data);
        }

        public virtual void Replace(string source, string destination)
        {
            lock (_files)
            {
                List<byte> f;
                if (!_files.TryGetValue(source, out f)) throw new FileNotFoundException(source);
                _files.Remove(source);
                _files[destination] = f;
            }
        }

        public virtual void Delete(string name)
        {
            lock (_files) _files.Remove(name);
        }

        public virtual bool Exists(string name)
        {
            lock (_files) return _files.ContainsKey(name);
        }

        public IList<string> Names()
        {
            lock (_files) return new List<string>(_files.Keys);
        }
    }
}
