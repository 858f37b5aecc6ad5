using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Results;
using Serilog;

namespace PluginHost.Reloading;

/// <summary>
/// Watches one plugin's files (one or more folders) and turns bursts of changes into one reload, or into
/// one import for a configured plugin that is not loaded yet: every change restarts the
/// debounce timer, and the reload runs once the files have been quiet that long. A reload that finds a
/// half-written build (not an assembly yet, a missing file) is retried after the debounce instead of
/// being taken as final. Nothing a reload does escapes this class: a failure is a failed result and a
/// log line, never an exception on a timer thread.
/// </summary>
internal sealed class WatchedPlugin : IAsyncDisposable
{
    private const int MaxPartialWriteRetries = 3;

    private readonly Func<string, string, Task<ReloadResult>> _reload;
    private readonly HotReloadOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ITimer _debounce;
    private readonly Lock _gate = new();
    private readonly Dictionary<WatchedFolder, IChangeSource> _sources = [];
    private Task _running = Task.CompletedTask;
    private string _trigger = string.Empty;
    private int _retries;
    private bool _reloading;
    private bool _changedWhileReloading;
    private bool _disposed;

    public WatchedPlugin(
        Func<string, string, Task<ReloadResult>> reload, string name, IReadOnlyList<WatchedFolder> folders, HotReloadOptions options, TimeProvider time, ILogger log)
    {
        _reload = reload;
        Name = name;
        Folders = folders;
        _options = options;
        _time = time;
        _log = log.ForContext("Plugin", name);
        _debounce = time.CreateTimer(_ => DebounceElapsed(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
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

    public string Name { get; }

    /// <summary>
    /// How long the files must be quiet. Polling sees a burst of writes one poll at a time, so a debounce
    /// shorter than the poll interval would elapse between two polls of one build and reload it once per
    /// poll; the quiet window then spans a whole poll with no change.
    /// </summary>
    private TimeSpan Debounce => _sources.Values.Any(s => s is PollingSource) ? _options.PollInterval + _options.Debounce : _options.Debounce;

    /// <summary>Where the plugin's files are watched: its own folder once loaded; every place it could be found while not loaded.</summary>
    public IReadOnlyList<WatchedFolder> Folders { get; }

    public async ValueTask DisposeAsync()
    {
        Task running;
        lock (_gate)
        {
            _disposed = true;
            foreach (var source in _sources.Values)
            {
                source.Dispose();
            }

            _sources.Clear();
            running = _running;
        }

        await _debounce.DisposeAsync().ConfigureAwait(false);
        await running.ConfigureAwait(false);
    }

    private IChangeSource StartEvents(WatchedFolder folder)
    {
        if (!System.IO.Directory.Exists(folder.Directory))
        {
            // A place a missing plugin may appear in: polled, since there is nothing to attach events to yet.
            _log.Debug("{Path} does not exist yet; polling it every {IntervalMs} ms", folder.Directory, _options.PollInterval.TotalMilliseconds);
            return StartPolling(folder);
        }

        try
        {
            return new FileEventSource(folder, path => Changed(folder, path), error => EventsFailed(folder, error));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            _log.Warning(e, "Cannot watch {Path} with file system events ({Reason}); polling every {IntervalMs} ms instead",
                folder.Directory, e.Message, _options.PollInterval.TotalMilliseconds);
            return StartPolling(folder);
        }
    }

    private PollingSource StartPolling(WatchedFolder folder) => new(folder, _options.PollInterval, _time, path => Changed(folder, path));

    private void EventsFailed(WatchedFolder folder, Exception error)
    {
        lock (_gate)
        {
            if (_disposed || !_sources.TryGetValue(folder, out var source) || source is PollingSource)
            {
                return;
            }

            _log.Warning(error, "File events for {Plugin} overflowed or failed ({Reason}); falling back to polling every {IntervalMs} ms",
                Name, error.Message, _options.PollInterval.TotalMilliseconds);
            source.Dispose();
            _sources[folder] = StartPolling(folder);
        }

        // Events may have been lost: check the plugin as if it changed.
        Changed(folder, folder.Directory);
    }

    private void Changed(WatchedFolder folder, string path)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var relative = Path.GetRelativePath(folder.Directory, path);
            _log.Verbose("{Path} of {Plugin} changed; reloading once its files are quiet for {DebounceMs} ms", relative, Name, Debounce.TotalMilliseconds);
            Schedule($"{relative} changed");
        }
    }

    /// <summary>Runs the action after the debounce as if the files had changed, for <paramref name="reason"/>.</summary>
    public void Nudge(string reason)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _log.Debug("{Plugin} is tried again: {Reason}", Name, reason);
            Schedule(reason);
        }
    }

    private void Schedule(string trigger)
    {
        lock (_gate)
        {
            _trigger = trigger;
            _retries = 0;
            if (_reloading)
            {
                _changedWhileReloading = true;
                return;
            }

            _debounce.Change(Debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void DebounceElapsed()
    {
        lock (_gate)
        {
            if (_disposed || _reloading)
            {
                return;
            }

            _reloading = true;
            var trigger = _trigger;

            // Started on the pool so the reload never runs while this lock is held (file events keep arriving).
            _running = Task.Run(() => ReloadAsync(trigger));
        }
    }

    private async Task ReloadAsync(string trigger)
    {
        ReloadResult? result = null;
        try
        {
            result = await _reload(Name, trigger).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The runtime is shutting down.
        }
#pragma warning disable CA1031 // A timer thread has no caller: an exception escaping it would end the process.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _log.Error(e, "Watched reload of {Plugin} failed unexpectedly; the serving generation is unchanged", Name);
        }

        lock (_gate)
        {
            _reloading = false;
            if (_disposed)
            {
                return;
            }

            if (_changedWhileReloading)
            {
                _changedWhileReloading = false;
                _debounce.Change(Debounce, Timeout.InfiniteTimeSpan);
            }
            else if (result is { Succeeded: false } && LooksHalfWritten(result.Error) && _retries < MaxPartialWriteRetries)
            {
                _retries++;
                var delay = TimeSpan.FromMilliseconds(Math.Max(100, Debounce.TotalMilliseconds) * (_retries + 1));
                _log.Information("The new build of {Plugin} looks half-written; retry {Retry} of {MaxRetries} in {DelayMs} ms",
                    Name, _retries, MaxPartialWriteRetries, delay.TotalMilliseconds);
                _debounce.Change(delay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private static bool LooksHalfWritten(PluginImportException? error) =>
        error?.Failure is ImportFailure.NotAnAssembly or ImportFailure.LoadFailed or ImportFailure.NotFound;
}
