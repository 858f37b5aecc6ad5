using PluginHost.Configuration;
using Serilog;

namespace PluginHost.Reloading;

/// <summary>
/// Watches the runtime's configuration file and applies each edit once the file has been quiet for the
/// debounce: an editor's save (often a write to a temporary file, then a rename) is one edit. Edits
/// arriving while one is applied are applied after it, as one. Nothing escapes to the timer thread.
/// The file is watched like a plugin's files (<see cref="ChangeSources"/>: events, else polling).
/// </summary>
internal sealed class ConfigurationWatch : IAsyncDisposable, IFolderChanges
{
    private readonly Func<string, CancellationToken, Task> _apply;
    private readonly HotReloadOptions _options;
    private readonly ILogger _log;
    private readonly RestartableTimer _quiet;
    private readonly ChangeSources _sources;
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
        _options = options;
        _log = log;
        File = file;
        _quiet = new RestartableTimer(time, Elapsed);
        var folder = new WatchedFolder(Path.GetDirectoryName(file)!, Path.GetFileName(file), Recursive: false);
        _sources = new ChangeSources(Path.GetFileName(file), [folder], options, time, log, this);
    }

    public string File { get; }

    /// <summary>Polling sees a save one poll at a time, so the quiet window spans a whole poll, as for plugin files.</summary>
    private TimeSpan Debounce => _sources.AnyPolling ? _options.PollInterval + _options.Debounce : _options.Debounce;

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
            _sources.Dispose();
            _quiet.Stop();
            running = _running;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _quiet.DisposeAsync().ConfigureAwait(false);
        await running.ConfigureAwait(false);
        _stopping.Dispose();
    }

    void IFolderChanges.Changed(WatchedFolder folder, string path) => Edited();

    // Polling reports every poll, a quiet one as an empty list: only a poll that saw the file change is an edit.
    void IFolderChanges.Polled(WatchedFolder folder, IReadOnlyList<string> changed)
    {
        if (changed.Count > 0)
        {
            Edited();
        }
    }

    // Events may have been lost: look at the file as if it changed.
    void IFolderChanges.EventsLost(WatchedFolder folder) => Edited();

    private void Edited()
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

            _quiet.Start(Debounce);
        }
    }

    private void Elapsed()
    {
        lock (_gate)
        {
            if (_disposed || _applying || !_quiet.IsDue())
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
                _quiet.Start(Debounce);
            }
        }
    }
}
