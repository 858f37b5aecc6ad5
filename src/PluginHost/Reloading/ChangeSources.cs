using PluginHost.Configuration;
using Serilog;

namespace PluginHost.Reloading;

/// <summary>
/// How one plugin's folders are watched: file system events where they work, polling where they cannot
/// (a folder that does not exist yet, the OS refusing another watch, events that failed or overflowed).
/// </summary>
internal sealed class ChangeSources : IDisposable
{
    private readonly Dictionary<WatchedFolder, IChangeSource> _sources = [];
    private readonly Lock _gate = new();
    private readonly string _name;
    private readonly HotReloadOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly IFolderChanges _listener;
    private volatile bool _anyPolling;
    private bool _disposed;

    public ChangeSources(string name, IReadOnlyList<WatchedFolder> folders, HotReloadOptions options, TimeProvider time, ILogger log, IFolderChanges listener)
    {
        _name = name;
        _options = options;
        _time = time;
        _log = log;
        _listener = listener;
        lock (_gate)
        {
            foreach (var folder in folders)
            {
                var source = options.UsePolling ? StartPolling(folder) : StartEvents(folder);
                _sources[folder] = source;
                _log.Debug("Watching {Plugin} in {Path} ({Filter}) by {WatchKind}", name, folder.Directory, folder.Filter, source.Kind);
            }
        }
    }

    /// <summary>True once any folder is polled: a burst of writes is then seen one poll at a time.</summary>
    public bool AnyPolling => _anyPolling;

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var source in _sources.Values)
            {
                source.Dispose();
            }

            _sources.Clear();
        }
    }

    private IChangeSource StartEvents(WatchedFolder folder)
    {
        if (!Directory.Exists(folder.Directory))
        {
            // A place a missing plugin may appear in: polled, since there is nothing to attach events to yet.
            _log.Debug("{Path} does not exist yet; polling it every {IntervalMs} ms", folder.Directory, _options.PollInterval.TotalMilliseconds);
            return StartPolling(folder);
        }

        try
        {
            return new FileEventSource(folder, path => _listener.Changed(folder, path), error => EventsFailed(folder, error));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            _log.Warning(e, "Cannot watch {Path} with file system events ({Reason}); polling every {IntervalMs} ms instead",
                folder.Directory, e.Message, _options.PollInterval.TotalMilliseconds);
            return StartPolling(folder);
        }
    }

    private PollingSource StartPolling(WatchedFolder folder)
    {
        _anyPolling = true;
        return new PollingSource(folder, _options.PollInterval, _time, changed => _listener.Polled(folder, changed));
    }

    private void EventsFailed(WatchedFolder folder, Exception error)
    {
        lock (_gate)
        {
            if (_disposed || !_sources.TryGetValue(folder, out var source) || source is PollingSource)
            {
                return;
            }

            _log.Warning(error, "File events for {Plugin} overflowed or failed ({Reason}); falling back to polling every {IntervalMs} ms",
                _name, error.Message, _options.PollInterval.TotalMilliseconds);
            source.Dispose();
            _sources[folder] = StartPolling(folder);
        }

        _listener.EventsLost(folder);
    }
}
