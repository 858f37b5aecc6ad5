using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PluginHost.Results;

namespace PluginHost.Hosting;

/// <summary>
/// The runtime's part in the host's life. Before any hosted service starts, it imports (and starts) every
/// configured plugin; then, when hot reload is on, it watches them. When the host stops, it stops watching
/// before the app's services stop, and unloads every plugin after they stopped, within the host's shutdown
/// time. A plugin that fails to import is logged and the host goes on with the others.
/// </summary>
internal sealed partial class PluginHostService(PluginRuntime runtime, IOptions<PluginHostOptions> options, ILogger<PluginHostService> logger)
    : IHostedLifecycleService
{
    private IAsyncDisposable? _watching;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        // Plugin code (Register, StartAsync) runs on a worker, so a cancelled start stops waiting even for a hung plugin.
        var outcomes = await Task.Run(() => runtime.ImportAll(cancellationToken), CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
        var failed = outcomes.Where(o => o.Status == ImportStatus.Failed).Select(o => o.Name).ToList();
        var imported = outcomes.Count(o => o.Status == ImportStatus.Loaded);
        if (failed.Count == 0)
        {
            LogImported(logger, imported, outcomes.Count);
        }
        else
        {
            LogImportFailures(logger, imported, outcomes.Count, failed.Count, string.Join(", ", failed));
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var resolved = options.Value.Resolved!;
        var enabled = resolved.Runtime.HotReload.Enabled;
        LogHotReload(logger, enabled ? "on" : "off", resolved.HotReloadReason);
        if (enabled)
        {
            if (resolved.EditsApplyAtNextStart is { } file)
            {
                LogEditsAtNextStart(logger, file);
            }

            _watching = runtime.StartWatching();
        }

        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>No reload starts while the app's services stop.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _watching, null) is { } watching)
        {
            await watching.DisposeAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Once the app's services stopped calling them: every generation stops, disposes, unloads and is verified
    /// collected. When the host's shutdown time runs out first, it stops waiting and names what was still loaded.
    /// </summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        var loaded = runtime.Loaded.Select(p => p.Name).ToList();

        // On a worker: disposing waits synchronously for a plugin still inside Register.
        var unloading = Task.Run(async () => await runtime.DisposeAsync().ConfigureAwait(false), CancellationToken.None);
        try
        {
            await unloading.WaitAsync(cancellationToken).ConfigureAwait(false);
            LogUnloaded(logger, loaded.Count);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogShutdownTimedOut(logger, string.Join(", ", loaded));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Loaded} of {Configured} configured plugins")]
    private static partial void LogImported(ILogger logger, int loaded, int configured);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Imported {Loaded} of {Configured} configured plugins; the host goes on without the {Failed} that failed: {FailedPlugins}")]
    private static partial void LogImportFailures(ILogger logger, int loaded, int configured, int failed, string failedPlugins);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hot reload is {HotReload}: {Reason}")]
    private static partial void LogHotReload(ILogger logger, string hotReload, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Edits of {File} take effect at the next start, not while running: PluginHost:Plugins or PluginHost:SearchPaths add to its lists, and the file alone would drop what they added")]
    private static partial void LogEditsAtNextStart(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unloaded {Count} plugins")]
    private static partial void LogUnloaded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The host's shutdown time ran out before the plugins were unloaded (loaded at shutdown: {Plugins}); the host stops without waiting for them. Give it more time (HostOptions.ShutdownTimeout), or the plugins less (PluginHost:StopTimeout, PluginHost:DisposeTimeout)")]
    private static partial void LogShutdownTimedOut(ILogger logger, string plugins);
}
