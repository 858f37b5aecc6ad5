using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Registration;
using PluginHost.Results;
using Serilog;

namespace PluginHost.Runtime;

/// <summary>
/// Every call into a plugin's start, stop and dispose, each within its time limit on the injected clock.
/// A start that fails fails the import; a stop or dispose that fails is logged and the generation goes
/// anyway; one that overruns its limit abandons the generation (its code may still run, so its context
/// stays loaded) and the host goes on.
/// </summary>
internal sealed class LifecycleCalls(PluginTimeouts timeouts, TimeProvider time, ILogger log)
{
    public PluginTimeouts Timeouts => timeouts;

    public TimeProvider Time => time;

    /// <summary>
    /// Runs the plugin's Register into staging, on a worker (the import flow, its frames and its locks'
    /// owner, follow it there) so one that never returns costs its limit, not the host.
    /// </summary>
    /// <exception cref="PluginImportException">Register threw (<see cref="ImportFailure.RegisterFailed"/>) or overran its limit (<see cref="ImportFailure.TimedOut"/>).</exception>
    public void Register(PendingGeneration pending)
    {
        var plugin = pending.Plugin;
        var instance = plugin.Instance;
        try
        {
            var owner = ImportLocks.CurrentOwner;
            PluginThread.RunWithin(
                () =>
                {
                    ImportLocks.ActFor(owner);
                    instance.Register(pending.Context);
                },
                timeouts.Register,
                time);
        }
        catch (TimeoutException)
        {
            pending.Registrar.Discard();
            plugin.Abandon();
            throw new PluginImportException(plugin.Name, ImportFailure.TimedOut, Messages.PhaseTimedOut(plugin.Name, plugin.Generation, "Register()", timeouts.Register, "register_ms"))
            {
                Origin = plugin.Origin,
            };
        }
        catch (Exception e)
        {
            log.Error(e, "Plugin {Plugin} threw in Register; its registrations were discarded and it was unloaded", plugin.Name);
            throw new PluginImportException(plugin.Name, ImportFailure.RegisterFailed, Messages.RegisterFailed(plugin.Name, plugin.Origin, e), e)
            {
                Origin = plugin.Origin,
            };
        }
    }

    /// <exception cref="PluginImportException">StartAsync threw (<see cref="ImportFailure.StartFailed"/>) or overran its limit (<see cref="ImportFailure.TimedOut"/>).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public void Start(LoadedPlugin plugin, CancellationToken cancellationToken)
    {
        if (plugin.Lifecycle is not { } lifecycle)
        {
            return;
        }

        try
        {
            // On a worker: a StartAsync that blocks before its first await must not take the limit with it.
            PluginThread.RunWithin(() => lifecycle.StartAsync(cancellationToken), timeouts.Start, time, cancellationToken);
            plugin.MarkStarted();
        }
        catch (TimeoutException)
        {
            plugin.Abandon();
            throw new PluginImportException(plugin.Name, ImportFailure.TimedOut, Messages.PhaseTimedOut(plugin.Name, plugin.Generation, "StartAsync()", timeouts.Start, "start_ms"))
            {
                Origin = plugin.Origin,
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new PluginImportException(plugin.Name, ImportFailure.StartFailed, Messages.StartFailed(plugin.Name, e), e) { Origin = plugin.Origin };
        }
    }

    /// <summary>Stops a started generation, blocking: for stop-first reloads and discarded generations.</summary>
    /// <returns>False when the stop overran its limit and the generation was abandoned.</returns>
    public bool Stop(LoadedPlugin plugin) => StopAsync(plugin, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Stops a started generation (once; later calls do nothing).</summary>
    /// <returns>False when the stop overran its limit and the generation was abandoned.</returns>
    public async Task<bool> StopAsync(LoadedPlugin plugin, CancellationToken cancellationToken)
    {
        if (plugin.Lifecycle is not { } lifecycle || !plugin.TryBeginStop())
        {
            return !plugin.IsAbandoned;
        }

        try
        {
            // Forced onto the pool: the rest of the retirement must not run on the plugin's thread.
            await PluginThread.Run(() => lifecycle.StopAsync(cancellationToken)).WaitAsync(timeouts.Stop, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        }
        catch (TimeoutException)
        {
            log.Error("{Reason}", Messages.PhaseTimedOut(plugin.Name, plugin.Generation, "StopAsync()", timeouts.Stop, "stop_ms"));
            plugin.Abandon();
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Warning(e, "Plugin {Plugin} generation {Generation} threw from StopAsync; releasing it anyway", plugin.Name, plugin.Generation);
        }

        return true;
    }

    /// <summary>Disposes the generation (within its limit) and unloads its context, unless it was abandoned.</summary>
    public void Release(LoadedPlugin plugin, PluginState finalState) => plugin.Release(finalState, log, timeouts.Dispose, time);
}
