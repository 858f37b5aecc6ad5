using PluginHost.Diagnostics;
using Serilog;

namespace PluginHost.Reloading;

/// <summary>
/// Watches one plugin's files and turns bursts of changes into one reload: every change restarts the
/// debounce timer, and the reload runs once the files have been quiet that long. A reload that finds a
/// half-written build (not an assembly yet, a missing file) is retried after the debounce instead of
/// being taken as final.
/// </summary>
internal sealed class WatchedPlugin : IDisposable
{
    private const int MaxPartialWriteRetries = 3;

    private readonly PluginRuntime _runtime;
    private readonly HotReloadOptions _options;
    private readonly ILogger _log;
    private readonly Timer _debounce;
    private readonly Lock _gate = new();
    private IChangeSource? _source;
    private string _lastChange = string.Empty;
    private int _retries;
    private bool _reloading;
    private bool _changedWhileReloading;
    private bool _disposed;

    public WatchedPlugin(PluginRuntime runtime, string name, WatchedFolder folder, HotReloadOptions options, ILogger log)
    {
        _runtime = runtime;
        Name = name;
        Folder = folder;
        _options = options;
        _log = log.ForContext("Plugin", name);
        _debounce = new Timer(_ => DebounceElapsed());
        _source = options.UsePolling ? StartPolling() : StartEvents();
        _log.Debug("Watching {Plugin} in {Path} ({Filter}) by {WatchKind}", name, folder.Directory, folder.Filter, _source.Kind);
    }

    public string Name { get; }

    public WatchedFolder Folder { get; }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _source?.Dispose();
            _source = null;
        }

        _debounce.Dispose();
    }

    private IChangeSource StartEvents()
    {
        try
        {
            return new FileEventSource(Folder, Changed, EventsFailed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            _log.Warning(e, "Cannot watch {Path} with file system events ({Reason}); polling every {IntervalMs} ms instead",
                Folder.Directory, e.Message, _options.PollInterval.TotalMilliseconds);
            return StartPolling();
        }
    }

    private PollingSource StartPolling() => new(Folder, _options.PollInterval, Changed);

    private void EventsFailed(Exception error)
    {
        lock (_gate)
        {
            if (_disposed || _source is PollingSource)
            {
                return;
            }

            _log.Warning(error, "File events for {Plugin} overflowed or failed ({Reason}); falling back to polling every {IntervalMs} ms",
                Name, error.Message, _options.PollInterval.TotalMilliseconds);
            _source?.Dispose();
            _source = StartPolling();
        }

        // Events may have been lost: check the plugin as if it changed.
        Changed(Folder.Directory);
    }

    private void Changed(string path)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _lastChange = Path.GetRelativePath(Folder.Directory, path);
            _retries = 0;
            if (_reloading)
            {
                _changedWhileReloading = true;
                return;
            }

            _debounce.Change(_options.Debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void DebounceElapsed()
    {
        string trigger;
        lock (_gate)
        {
            if (_disposed || _reloading)
            {
                return;
            }

            _reloading = true;
            trigger = $"{_lastChange} changed";
        }

        var result = _runtime.Reload(Name, trigger, cascade: true);

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
                _debounce.Change(_options.Debounce, Timeout.InfiniteTimeSpan);
            }
            else if (!result.Succeeded && LooksHalfWritten(result.Error) && _retries < MaxPartialWriteRetries)
            {
                _retries++;
                var delay = TimeSpan.FromMilliseconds(Math.Max(100, _options.Debounce.TotalMilliseconds) * (_retries + 1));
                _log.Information("The new build of {Plugin} looks half-written; retry {Retry} of {MaxRetries} in {DelayMs} ms",
                    Name, _retries, MaxPartialWriteRetries, delay.TotalMilliseconds);
                _debounce.Change(delay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private static bool LooksHalfWritten(PluginImportException? error) =>
        error?.Failure is ImportFailure.NotAnAssembly or ImportFailure.LoadFailed or ImportFailure.NotFound;
}
