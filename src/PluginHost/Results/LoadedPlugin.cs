using System.Reflection;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Hooks;
using PluginHost.Registration;
using Serilog;

namespace PluginHost.Results;

/// <summary>
/// One generation of a loaded plugin, as the runtime's cache holds it (Python's module object).
/// Once unloaded it lets go of the plugin's types, so a stale reference to it cannot keep the plugin's
/// load context alive, and touching its <see cref="Instance"/> says it is stale instead of running old code.
/// </summary>
public sealed class LoadedPlugin : IPluginModule
{
    private IPlugin? _instance;
    private LoadedAssembly? _assembly;
    private volatile PluginState _state = PluginState.Registering;
    private int _started;
    private volatile bool _abandoned;

    internal LoadedPlugin(PluginSpec spec, int generation, LoadedAssembly assembly, IPlugin instance)
    {
        Spec = spec;
        Generation = generation;
        _assembly = assembly;
        _instance = instance;
        ContextReference = new WeakReference(assembly.LoadContext);
        IsCollectible = assembly.LoadContext.IsCollectible;
        Version = spec.Manifest?.Version
            ?? assembly.EntryAssembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.EntryAssembly.GetName().Version?.ToString()
            ?? "unknown";
    }

    /// <inheritdoc />
    public string Name => Spec.Name;

    /// <inheritdoc />
    public string Origin => Spec.Origin;

    /// <summary>The spec the plugin was loaded from: where it was found, by which finder, with which loader.</summary>
    public PluginSpec Spec { get; }

    /// <inheritdoc />
    public int Generation { get; }

    /// <inheritdoc />
    public PluginState State => _state;

    /// <summary>The plugin's manifest (<c>plugin.toml</c>), when it has one.</summary>
    public PluginManifest? Manifest => Spec.Manifest;

    /// <summary>How the plugin was found and imported, phase by phase; null while its Register is still running.</summary>
    public ImportTrace? Trace { get; internal set; }

    /// <summary>The version from the manifest, else the entry assembly's informational version.</summary>
    public string Version { get; }

    /// <summary>How long the import took, from the start of the look-up to the end of Register.</summary>
    public TimeSpan LoadTime { get; internal set; }

    /// <inheritdoc />
    public IPlugin Instance => _instance ?? throw new ObjectDisposedException(Name, Messages.GenerationUnloaded(Name, Generation));

    internal WeakReference ContextReference { get; }

    /// <summary>False in production mode: the context never unloads, so its collection is never awaited.</summary>
    internal bool IsCollectible { get; }

    /// <summary>The plugin's load context while it is loaded; null once released.</summary>
    internal System.Runtime.Loader.AssemblyLoadContext? LoadContext => Volatile.Read(ref _assembly)?.LoadContext;

    internal long LoadOrder { get; init; }

    /// <summary>When the plugin became ready: a dependency is always ready before what imported it.</summary>
    internal long ReadyOrder { get; private set; }

    internal GenerationLease Lease { get; } = new();

    internal void MarkReady(long order)
    {
        ReadyOrder = order;
        _state = PluginState.Ready;
    }

    /// <summary>The plugin's lifecycle hooks, when it implements them and is still loaded.</summary>
    internal IPluginLifecycle? Lifecycle => Volatile.Read(ref _instance) as IPluginLifecycle;

    /// <summary>True between a successful start and the stop: the generation's work is running.</summary>
    internal bool IsStarted => Volatile.Read(ref _started) != 0;

    /// <summary>True once plugin code overran a time limit: the generation is left as it is, never unloaded.</summary>
    internal bool IsAbandoned => _abandoned;

    internal void MarkStarted() => Volatile.Write(ref _started, 1);

    /// <summary>Claims the one stop of a started generation; false when it was not started or is stopped already.</summary>
    internal bool TryBeginStop() => Interlocked.CompareExchange(ref _started, 0, 1) == 1;

    /// <summary>
    /// Lets the plugin clean up (IDisposable, within <paramref name="disposeLimit"/>), then drops every
    /// reference to its types and unloads its context. After this only the weak <see cref="ContextReference"/>
    /// remains. A Dispose that overruns its limit abandons the generation: its context is left loaded.
    /// </summary>
    internal void Release(PluginState finalState, ILogger log, TimeSpan disposeLimit, TimeProvider time)
    {
        if (_abandoned)
        {
            return;
        }

        _state = finalState;
        if (Interlocked.Exchange(ref _instance, null) is IDisposable disposable)
        {
            // On a worker, so a Dispose that never returns costs its limit, not the caller's thread.
            try
            {
                PluginThread.RunWithin(disposable.Dispose, disposeLimit, time);
            }
            catch (TimeoutException)
            {
                log.Error("{Reason}", Messages.PhaseTimedOut(Name, Generation, "Dispose()", disposeLimit, "dispose_ms"));
                _abandoned = true;
                return;
            }
            catch (Exception e)
            {
                log.Warning(e, "Plugin {Plugin} generation {Generation} threw from Dispose; unloading it anyway", Name, Generation);
            }
        }

        Interlocked.Exchange(ref _assembly, null)?.Dispose();
    }

    /// <summary>Leaves a generation whose code overran a time limit: nothing of it is called again, and its context stays loaded.</summary>
    internal void Abandon()
    {
        _abandoned = true;
        _state = PluginState.Failed;
        Interlocked.Exchange(ref _instance, null);
    }
}
