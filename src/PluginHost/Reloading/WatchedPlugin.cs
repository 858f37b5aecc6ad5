using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Results;
using Serilog;

namespace PluginHost.Reloading;

/// <summary>
/// Watches one plugin's files and turns a build into one reload, or into one import for a configured
/// plugin that is not loaded yet. Each change is looked at when it is seen, and the reload starts as soon
/// as the changes make a complete build (<see cref="PendingBuild"/>). Anything else waits for the quiet
/// period (<see cref="HotReloadOptions.Debounce"/>), which every change restarts. Polling sees writes one
/// poll at a time, so there a build is complete only on a poll that finds nothing new. A reload that finds
/// a half-written build is retried after the quiet period instead of being taken as final. Nothing a
/// reload does escapes this class: a failure is a failed result and a log line, never an exception on a
/// timer thread.
/// </summary>
internal sealed class WatchedPlugin : IAsyncDisposable, IFolderChanges
{
    private const int MaxPartialWriteRetries = 3;

    /// <summary>How soon a build that a writer still holds is looked at again: closing a file raises no event.</summary>
    private static readonly TimeSpan s_busyRecheck = TimeSpan.FromMilliseconds(2);

    private readonly Func<string, string, Task<ReloadResult>> _reload;
    private readonly HotReloadOptions _options;
    private readonly ILogger _log;
    private readonly RestartableTimer _quiet;
    private readonly RestartableTimer _recheck;
    private readonly Lock _gate = new();
    private readonly ChangeSources _sources;
    private readonly HashSet<WatchedFolder> _pollsInBurst = [];
    private readonly PendingBuild _pending;
    private Task _running = Task.CompletedTask;
    private string _trigger = string.Empty;
    private int _retries;
    private bool _due;
    private bool _reloading;
    private bool _changedWhileReloading;
    private bool _disposed;

    /// <param name="reload">The reload (or import) to run, with the plugin's name and what triggered it.</param>
    /// <param name="name">The plugin's name.</param>
    /// <param name="entryName">The entry assembly's file name: a build writes it last, so a change set is complete only with it.</param>
    /// <param name="folders">Where its files are.</param>
    /// <param name="options">The quiet period, polling and its interval.</param>
    /// <param name="time">The clock every wait uses.</param>
    /// <param name="log">Where to log.</param>
    public WatchedPlugin(
        Func<string, string, Task<ReloadResult>> reload, string name, string entryName, IReadOnlyList<WatchedFolder> folders, HotReloadOptions options, TimeProvider time, ILogger log)
    {
        _reload = reload;
        Name = name;
        Folders = folders;
        _options = options;
        _log = log.ForContext("Plugin", name);
        _pending = new PendingBuild(folders, entryName);
        _quiet = new RestartableTimer(time, QuietPeriodElapsed);
        _recheck = new RestartableTimer(time, RecheckElapsed);
        lock (_gate)
        {
            // Under the gate: a change seen at once waits until this plugin is ready for it.
            _sources = new ChangeSources(name, folders, options, time, _log, this);
        }
    }

    public string Name { get; }

    /// <summary>Where the plugin's files are watched: its own folder once loaded; every place it could be found while not loaded.</summary>
    public IReadOnlyList<WatchedFolder> Folders { get; }

    /// <summary>
    /// How long the files must be quiet before changes that do not look complete are loaded as they are.
    /// Polling sees a burst of writes one poll at a time, so a quiet period shorter than the poll interval
    /// would elapse between two polls of one build and reload it once per poll; it then spans a whole poll
    /// with no change.
    /// </summary>
    private TimeSpan QuietPeriod => _sources.AnyPolling ? _options.PollInterval + _options.Debounce : _options.Debounce;

    public async ValueTask DisposeAsync()
    {
        Task running;
        lock (_gate)
        {
            _disposed = true;
            _sources.Dispose();
            running = _running;
        }

        await _quiet.DisposeAsync().ConfigureAwait(false);
        await _recheck.DisposeAsync().ConfigureAwait(false);
        await running.ConfigureAwait(false);
    }

    /// <summary>Runs the action after the quiet period as if the files had changed, for <paramref name="reason"/>.</summary>
    public void Nudge(string reason)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _log.Debug("{Plugin} is tried again: {Reason}", Name, reason);
            Due(reason);
        }
    }

    /// <summary>Events may have been lost: reload after the quiet period as if the plugin changed.</summary>
    void IFolderChanges.EventsLost(WatchedFolder folder)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                Due($"{folder.Directory} may have changed while file events were lost");
            }
        }
    }

    /// <summary>A file event: the change is looked at now.</summary>
    void IFolderChanges.Changed(WatchedFolder folder, string path)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Record(folder, path);
            Evaluate();
        }
    }

    /// <summary>
    /// A poll: its changes are recorded, and looked at on the next poll that finds nothing new (a build
    /// that is still writing shows a change at every poll).
    /// </summary>
    void IFolderChanges.Polled(WatchedFolder folder, IReadOnlyList<string> changed)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (changed.Count > 0)
            {
                _pollsInBurst.Add(folder);
                foreach (var path in changed)
                {
                    Record(folder, path);
                }
            }
            else if (_pollsInBurst.Remove(folder))
            {
                Evaluate();
            }
        }
    }

    /// <summary>Adds a change and restarts the quiet period. Called under the gate.</summary>
    private void Record(WatchedFolder folder, string path)
    {
        var relative = Path.GetRelativePath(folder.Directory, path);
        _log.Verbose("{Path} of {Plugin} changed; reloading once its build is complete, or after {QuietMs} ms of quiet", relative, Name, QuietPeriod.TotalMilliseconds);
        _pending.Add(path);
        _trigger = $"{relative} changed";
        _retries = 0;
        if (_reloading)
        {
            _changedWhileReloading = true;
            return;
        }

        _quiet.Start(QuietPeriod);
    }

    /// <summary>A reload is due after the quiet period whatever the files say. Called under the gate.</summary>
    private void Due(string reason)
    {
        _trigger = reason;
        _retries = 0;
        _due = true;
        if (_reloading)
        {
            _changedWhileReloading = true;
            return;
        }

        _quiet.Start(QuietPeriod);
    }

    /// <summary>Reloads now if the changes make a complete build; otherwise leaves them to the quiet period. Called under the gate.</summary>
    private void Evaluate()
    {
        if (_reloading || _pollsInBurst.Count > 0 || _pending.IsEmpty)
        {
            return;
        }

        var readiness = _pending.Inspect();
        switch (readiness.State)
        {
            case Readiness.Complete:
                _log.Debug("The new build of {Plugin} is complete ({Reason}); reloading now", Name, readiness.Reason);
                StartReload(readiness);
                break;
            case Readiness.Busy:
                _log.Verbose("{Plugin} waits for a writer to let go: {Reason}", Name, readiness.Reason);
                _recheck.Start(s_busyRecheck);
                break;
            case Readiness.NothingNew when !_due:
                // The events were about what the last reload already read.
                _quiet.Stop();
                break;
            default:
                _log.Verbose("{Plugin} waits: {Reason}", Name, readiness.Reason);
                break;
        }
    }

    private void RecheckElapsed()
    {
        lock (_gate)
        {
            if (!_disposed && _recheck.IsDue())
            {
                Evaluate();
            }
        }
    }

    private void QuietPeriodElapsed()
    {
        lock (_gate)
        {
            if (_disposed || _reloading || !_quiet.IsDue())
            {
                return;
            }

            var readiness = _pending.InspectAll();
            if (readiness.State == Readiness.NothingNew && !_due)
            {
                return;
            }

            if (readiness.State is Readiness.Waiting or Readiness.Busy)
            {
                _log.Debug("The files of {Plugin} have been quiet for {QuietMs} ms though {Reason}; reloading with them as they are",
                    Name, QuietPeriod.TotalMilliseconds, readiness.Reason);
            }

            StartReload(readiness);
        }
    }

    /// <summary>Records what the reload reads and starts it on the pool, so it never runs while the lock is held. Called under the gate.</summary>
    private void StartReload(BuildReadiness readiness)
    {
        var trigger = readiness is { State: Readiness.Complete, Entry: { } entry } ? $"{entry.Name} changed" : _trigger;
        _pending.Loading(readiness);
        _quiet.Stop();
        _recheck.Stop();
        _due = false;
        _reloading = true;
        _running = Task.Run(() => ReloadAsync(trigger));
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

            var retry = result is { Succeeded: false } && LooksHalfWritten(result.Error) && _retries < MaxPartialWriteRetries;
            if (retry)
            {
                // Due even if more changes came meanwhile: the files this reload read count as loaded.
                _retries++;
                _due = true;
            }

            if (_changedWhileReloading)
            {
                // What changed meanwhile gets its quiet period from now, unless it is complete already, or
                // was only the late events of the files this reload read.
                _changedWhileReloading = false;
                _quiet.Start(QuietPeriod);
                Evaluate();
            }
            else if (retry)
            {
                var delay = TimeSpan.FromMilliseconds(Math.Max(100, QuietPeriod.TotalMilliseconds) * (_retries + 1));
                _log.Information("The new build of {Plugin} looks half-written; retry {Retry} of {MaxRetries} in {DelayMs} ms",
                    Name, _retries, MaxPartialWriteRetries, delay.TotalMilliseconds);
                _quiet.Start(delay);
            }
        }
    }

    private static bool LooksHalfWritten(PluginImportException? error) =>
        error?.Failure is ImportFailure.NotAnAssembly or ImportFailure.LoadFailed or ImportFailure.NotFound;
}
