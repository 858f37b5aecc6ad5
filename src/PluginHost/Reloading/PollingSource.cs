namespace PluginHost.Reloading;

/// <summary>
/// Compares the size and write time of a plugin's files at an interval: slower, but always works. Every
/// poll reports the files that changed since the previous one, an empty list when none did: a quiet poll
/// is how polling knows a burst of writes is over.
/// </summary>
internal sealed class PollingSource : IChangeSource
{
    private readonly WatchedFolder _folder;
    private readonly Action<IReadOnlyList<string>> _polled;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private Dictionary<string, (long Length, DateTime Written)> _snapshot;

    public PollingSource(WatchedFolder folder, TimeSpan interval, TimeProvider time, Action<IReadOnlyList<string>> polled)
    {
        _folder = folder;
        _polled = polled;
        _snapshot = Snapshot();
        _timer = time.CreateTimer(_ => Poll(), null, interval, interval);
    }

    public string Kind => "polling";

    public void Dispose() => _timer.Dispose();

    private void Poll()
    {
        List<string> changed;
        lock (_gate)
        {
            var next = Snapshot();
            changed =
            [
                .. next.Where(f => !_snapshot.TryGetValue(f.Key, out var before) || before != f.Value).Select(f => f.Key),
                .. _snapshot.Keys.Where(path => !next.ContainsKey(path)),
            ];
            _snapshot = next;
        }

        _polled(changed);
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
