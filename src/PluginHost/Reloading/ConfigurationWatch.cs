using PluginHost.Configuration;
using Serilog;

namespace PluginHost.Reloading;

/// <summary>
/// Watches the runtime's configuration file and applies each edit once the file has been quiet for the
/// debounce: an editor's save (often a write to a temporary file, then a rename) is one edit. Edits
/// arriving while one is applied are applied after it, as one. Nothing escapes to the timer thread.
/// </summary>
internal sealed class ConfigurationWatch : IAsyncDisposable
{
    private readonly Func<string, CancellationToken, Task> _apply;
    private readonly TimeSpan _debounce;
    private readonly ILogger _log;
    private readonly ITimer _timer;
    private readonly IChangeSource _source;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task _running = Task.CompletedTask;
    private bool _applying;
    private bool _changedWhileApplying;
    private bool _disposed;

    /// <param name="file">The configuration file's full path.</param>
    /// <param name="options">Debounce, polling and poll interval, as for plugin files.</param>
    /// <param name="apply">Reads the file and applies it, given the trigger; reports its own outcome.</param>
    /// <param name="time">The clock the debounce and polling run on.</param>
    /// <param name="log">Where a failure of the watch itself is logged.</param>
    public ConfigurationWatch(string file, HotReloadOptions options, Func<string, CancellationToken, Task> apply, TimeProvider time, ILogger log)
    {
        _apply = apply;
        _log = log;
        File = file;
        var folder = new WatchedFolder(Path.GetDirectoryName(file)!, Path.GetFileName(file), Recursive: false);
        _debounce = options.UsePolling ? options.PollInterval + options.Debounce : options.Debounce;
        _timer = time.CreateTimer(_ => Elapsed(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _source = options.UsePolling ? new PollingSource(folder, options.PollInterval, time, ChangedIfAny) : EventsOrPolling(folder, options, time);
        _log.Debug("Watching {File} for edits by {WatchKind}", file, _source.Kind);
    }

    public string File { get; }

    private IChangeSource EventsOrPolling(WatchedFolder folder, HotReloadOptions options, TimeProvider time)
    {
        try
        {
            return new FileEventSource(folder, _ => Changed(), _ => Changed());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            _log.Warning(e, "Cannot watch {File} with file system events ({Reason}); polling every {IntervalMs} ms instead", File, e.Message, options.PollInterval.TotalMilliseconds);
            return new PollingSource(folder, options.PollInterval, time, ChangedIfAny);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task running;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _source.Dispose();
            running = _running;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _timer.DisposeAsync().ConfigureAwait(false);
        await running.ConfigureAwait(false);
        _stopping.Dispose();
    }

    // Polling reports every poll, a quiet one as an empty list: only a poll that saw the file change is an edit.
    private void ChangedIfAny(IReadOnlyList<string> changed)
    {
        if (changed.Count > 0)
        {
            Changed();
        }
    }

    private void Changed()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_applying)
            {
                _changedWhileApplying = true;
                return;
            }

            _timer.Change(_debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void Elapsed()
    {
        lock (_gate)
        {
            if (_disposed || _applying)
            {
                return;
            }

            _applying = true;
            _running = Task.Run(ApplyAsync);
        }
    }

    private async Task ApplyAsync()
    {
        try
        {
            await _apply($"{Path.GetFileName(File)} changed", _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The runtime is shutting down.
        }
#pragma warning disable CA1031 // A timer thread has no caller: an exception escaping it would end the process.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _log.Error(e, "Applying the edit of {File} failed unexpectedly; the running plugins are unchanged", File);
        }

        lock (_gate)
        {
            _applying = false;
            if (!_disposed && _changedWhileApplying)
            {
                _changedWhileApplying = false;
                _timer.Change(_debounce, Timeout.InfiniteTimeSpan);
            }
        }
    }
}
