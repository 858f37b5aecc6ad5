namespace PluginHost.Reloading;

/// <summary>Compares the size and write time of a plugin's files at an interval: slower, but always works.</summary>
internal sealed class PollingSource : IChangeSource
{
    private readonly WatchedFolder _folder;
    private readonly Action<string> _changed;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private Dictionary<string, (long Length, DateTime Written)> _snapshot;

    public PollingSource(WatchedFolder folder, TimeSpan interval, TimeProvider time, Action<string> changed)
    {
        _folder = folder;
        _changed = changed;
        _snapshot = Snapshot();
        _timer = time.CreateTimer(_ => Poll(), null, interval, interval);
    }

    public string Kind => "polling";

    public void Dispose() => _timer.Dispose();

    private void Poll()
    {
        string? change = null;
        lock (_gate)
        {
            var next = Snapshot();
            change = next.FirstOrDefault(f => !_snapshot.TryGetValue(f.Key, out var before) || before != f.Value).Key
                ?? _snapshot.Keys.FirstOrDefault(path => !next.ContainsKey(path));
            _snapshot = next;
        }

        if (change is not null)
        {
            _changed(change);
        }
    }

    private Dictionary<string, (long, DateTime)> Snapshot()
    {
        var files = new Dictionary<string, (long, DateTime)>(StringComparer.Ordinal);
        try
        {
            foreach (var path in _folder.Files())
            {
                var info = new FileInfo(path);
                if (info.Exists)
                {
                    files[path] = (info.Length, info.LastWriteTimeUtc);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder is being rewritten; the next poll sees the result.
        }

        return files;
    }
}
