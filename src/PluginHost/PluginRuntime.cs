using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Finding;
using PluginHost.Loading;
using PluginHost.Registration;
using Serilog;

namespace PluginHost;

/// <summary>
/// The plugin host: imports plugins by name through the search path and the finder chain into
/// collectible load contexts, caches them by name, runs each one's <see cref="IPlugin.Register"/> once,
/// and unloads them. Safe to share between threads.
/// </summary>
/// <remarks>
/// The cache read is lock-free: importing a name already loaded costs a dictionary look-up, touches no
/// file and does not run Register again. A first import takes a lock for that name only, so many threads
/// importing one name load and register it exactly once, while other names load in parallel.
/// </remarks>
public sealed class PluginRuntime : IDisposable
{
    private static long s_loadOrder;

    private readonly ConcurrentDictionary<string, LoadedPlugin> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lock> _nameLocks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _generations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PluginEntry> _configured;
    private readonly PluginRuntimeOptions _options;
    private readonly ExplicitPathFinder _explicitPaths;
    private readonly ILogger _log;
    private int _disposed;

    /// <summary>Creates a runtime with the built-in directory finder over <see cref="PluginRuntimeOptions.SearchPaths"/>.</summary>
    /// <param name="options">Search path, configured plugins and logger.</param>
    public PluginRuntime(PluginRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _log = (options.Logger ?? Log.Logger).ForContext<PluginRuntime>();
        _configured = options.Plugins.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _explicitPaths = new ExplicitPathFinder(options.Plugins);
        Finders = new FinderChain(
        [
            .. options.Finders.Where(f => f.Position == FinderPosition.First).Select(f => f.Finder),
            new DirectoryFinder(),
            .. options.Finders.Where(f => f.Position == FinderPosition.Last).Select(f => f.Finder),
        ]);
        Registry = new PluginRegistry();
    }

    /// <summary>The finder chain, asked in order; add your own finders at the front or the end.</summary>
    public FinderChain Finders { get; }

    /// <summary>The search path the directory finder walks, in order.</summary>
    public IReadOnlyList<string> SearchPaths => _options.SearchPaths;

    /// <summary>What the loaded plugins registered.</summary>
    public PluginRegistry Registry { get; }

    /// <summary>The plugins in the cache now, including any whose Register is still running.</summary>
    public IReadOnlyCollection<LoadedPlugin> Loaded => [.. _cache.Values];

    /// <summary>
    /// Imports a plugin by name (Python's <c>importlib.import_module</c>). A cached plugin is returned at
    /// once; otherwise the finder chain resolves the name, the spec's loader loads it into a new
    /// collectible context, the plugin enters the cache, and its Register runs.
    /// </summary>
    /// <param name="name">The plugin's name: letters, digits, '.', '_' and '-'; never a path.</param>
    /// <returns>The loaded plugin; the same object for every import until it is unloaded.</returns>
    /// <exception cref="PluginImportException">The name is invalid, not found (every place tried is listed), not loadable, or its Register threw.</exception>
    /// <exception cref="ObjectDisposedException">The runtime was disposed.</exception>
    public LoadedPlugin Import(string name) =>
        name is not null && _cache.TryGetValue(name, out var cached) ? cached : ImportUncached(name!);

    /// <summary>Gets a plugin from the cache without importing it.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="plugin">The cached plugin.</param>
    /// <returns>True when the plugin is in the cache.</returns>
    public bool TryGetLoaded(string name, [NotNullWhen(true)] out LoadedPlugin? plugin) => _cache.TryGetValue(name, out plugin);

    /// <summary>Resolves a name through the finder chain without loading anything (Python's <c>importlib.util.find_spec</c>).</summary>
    /// <param name="name">The plugin's name.</param>
    /// <returns>The winning spec, if any, with every finder asked and every place probed.</returns>
    /// <exception cref="PluginImportException">The name is not a valid plugin name.</exception>
    public FindResult Find(string name)
    {
        ThrowIfInvalidName(name);
        if (_explicitPaths.TryFind(name, _options.SearchPaths, out var pinned))
        {
            return pinned;
        }

        var context = new PluginSearchContext(_options.SearchPaths);
        var asked = new List<string>();
        foreach (var finder in Finders.Snapshot())
        {
            asked.Add(finder.Name);
            context.CurrentFinder = finder.Name;
            if (finder.FindSpec(name, context) is { } spec)
            {
                return new FindResult(name, spec with { Finder = spec.Finder ?? finder.Name }, asked, context.Probes);
            }
        }

        return new FindResult(name, null, asked, context.Probes);
    }

    /// <summary>
    /// Imports every configured plugin in order, isolating failures: a plugin that cannot be found,
    /// loaded or registered is reported in its outcome and logged, and the others still load.
    /// </summary>
    /// <param name="cancellationToken">Stops before the next plugin is imported.</param>
    /// <returns>One outcome per configured plugin, in configuration order.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public IReadOnlyList<ImportOutcome> ImportAll(CancellationToken cancellationToken = default)
    {
        var outcomes = new List<ImportOutcome>(_options.Plugins.Count);
        foreach (var entry in _options.Plugins)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!entry.Enabled)
            {
                _log.Information("Plugin {Plugin} is disabled in the configuration; not importing it", entry.Name);
                outcomes.Add(new ImportOutcome(entry.Name, ImportStatus.Disabled, null, null, TimeSpan.Zero));
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                var plugin = Import(entry.Name);
                outcomes.Add(new ImportOutcome(entry.Name, ImportStatus.Loaded, plugin, null, Stopwatch.GetElapsedTime(started)));
            }
            catch (PluginImportException e)
            {
                _log.Error("Plugin {Plugin} failed to import ({Failure}): {Reason}", entry.Name, e.Failure, e.Message);
                outcomes.Add(new ImportOutcome(entry.Name, ImportStatus.Failed, null, e, Stopwatch.GetElapsedTime(started)));
            }
        }

        return outcomes;
    }

    /// <summary>
    /// Unloads a plugin: removes it from the cache and its registrations from the registry, lets it
    /// dispose, releases its load context and verifies that the context was collected.
    /// </summary>
    /// <param name="name">The plugin's name.</param>
    /// <returns>What was unloaded and whether its context was collected; null when the plugin was not loaded.</returns>
    public UnloadResult? Unload(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Remove(name) is var (generation, context) ? Verify(name, generation, context) : null;
    }

    /// <summary>
    /// Unloads every plugin, newest first, without waiting to verify collection: a host shutting down
    /// has no use for the proof, and <see cref="Unload"/> gives it when it matters.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var plugin in _cache.Values.OrderByDescending(p => p.LoadOrder))
        {
            Remove(plugin.Name);
        }
    }

    private LoadedPlugin ImportUncached(string name)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ThrowIfInvalidName(name);
        lock (LockFor(name))
        {
            if (_cache.TryGetValue(name, out var cached))
            {
                return cached;
            }

            var started = Stopwatch.GetTimestamp();
            var found = Find(name);
            foreach (var probe in found.Probes)
            {
                _log.Debug("Finder {Finder} probed {Path}: {Outcome}", probe.Finder, probe.Location, probe.Outcome);
            }

            if (found.Spec is null)
            {
                throw new PluginImportException(name, ImportFailure.NotFound, Messages.PluginNotFound(name, found.Probes, found.Finders))
                {
                    Probes = found.Probes,
                };
            }

            return LoadAndRegister(found.Spec, started);
        }
    }

    private LoadedPlugin LoadAndRegister(PluginSpec spec, long started)
    {
        var name = spec.Name;
        var assembly = LoadAssembly(spec);
        IPlugin instance;
        try
        {
            instance = CreateInstance(spec, PluginTypeLocator.Find(spec, assembly.EntryAssembly));
        }
        catch
        {
            assembly.Dispose();
            throw;
        }

        var generation = _generations.AddOrUpdate(name, 1, static (_, g) => g + 1);
        var plugin = new LoadedPlugin(spec, generation, assembly, instance) { LoadOrder = Interlocked.Increment(ref s_loadOrder) };
        var registrar = new PluginRegistrar(Registry, name, generation);
        var settings = _configured.TryGetValue(name, out var entry) ? entry.Settings : new Dictionary<string, string>();
        var logger = _log.ForContext("Plugin", name).ForContext("Generation", generation);
        var context = new PluginContext(this, name, spec.Directory, settings, registrar, logger);

        // Into the cache before Register, as Python puts a module in sys.modules before executing it:
        // a plugin importing itself (or a cycle back to it) gets its partial self instead of recursing.
        _cache[name] = plugin;
        try
        {
            instance.Register(context);
            registrar.Commit();
        }
        catch (Exception e)
        {
            registrar.Discard();
            _cache.TryRemove(new KeyValuePair<string, LoadedPlugin>(name, plugin));
            plugin.Release(PluginState.Failed, _log);
            _log.Error(e, "Plugin {Plugin} threw in Register; its registrations were discarded and it was unloaded", name);
            throw new PluginImportException(name, ImportFailure.RegisterFailed, Messages.RegisterFailed(name, spec.Origin, e), e) { Origin = spec.Origin };
        }

        plugin.LoadTime = Stopwatch.GetElapsedTime(started);
        plugin.MarkReady();
        _log.Information(
            "Imported {Plugin} {Version} generation {Generation} from {Path} via {Finder} in {ElapsedMs:F1} ms",
            name, plugin.Version, generation, spec.Origin, spec.Finder, plugin.LoadTime.TotalMilliseconds);
        return plugin;
    }

    private static LoadedAssembly LoadAssembly(PluginSpec spec)
    {
        try
        {
            return spec.Loader.Load(spec);
        }
        catch (BadImageFormatException e)
        {
            throw new PluginImportException(spec.Name, ImportFailure.NotAnAssembly, Messages.NotAnAssembly(spec.Name, spec.Origin, e.Message), e)
            {
                Origin = spec.Origin,
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new PluginImportException(spec.Name, ImportFailure.LoadFailed, Messages.LoadFailed(spec.Name, spec.Origin, e.Message), e)
            {
                Origin = spec.Origin,
            };
        }
    }

    private static IPlugin CreateInstance(PluginSpec spec, Type type)
    {
        try
        {
            return (IPlugin)Activator.CreateInstance(type)!;
        }
        catch (Exception e) when (e is MissingMethodException or System.Reflection.TargetInvocationException or MemberAccessException)
        {
            var detail = (e as System.Reflection.TargetInvocationException)?.InnerException?.Message ?? e.Message;
            throw new PluginImportException(spec.Name, ImportFailure.CreateFailed, Messages.CreateFailed(spec.Name, type.FullName ?? type.Name, detail), e)
            {
                Origin = spec.Origin,
            };
        }
    }

    // Kept out of line so no local of the caller's frame holds the plugin once it returns.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private (int Generation, WeakReference Context)? Remove(string name)
    {
        lock (LockFor(name))
        {
            if (!_cache.TryRemove(name, out var plugin))
            {
                return null;
            }

            Registry.Replace(name, []);
            plugin.Release(PluginState.Unloaded, _log);
            return (plugin.Generation, plugin.ContextReference);
        }
    }

    private UnloadResult Verify(string name, int generation, WeakReference context)
    {
        var (collected, passes) = UnloadVerifier.WaitForCollection(context);
        if (collected)
        {
            _log.Information("Unloaded {Plugin} generation {Generation}; load context collected after {GcPasses} GC passes", name, generation, passes);
        }
        else
        {
            _log.Warning(
                "Unloaded {Plugin} generation {Generation}, but its load context is still alive after {GcPasses} GC passes: something still references its types",
                name, generation, passes);
        }

        return new UnloadResult(name, generation, collected, passes);
    }

    private Lock LockFor(string name) => _nameLocks.GetOrAdd(name, static _ => new Lock());

    private static void ThrowIfInvalidName(string name)
    {
        if (!PluginName.IsValid(name, out var reason))
        {
            throw new PluginImportException(name ?? string.Empty, ImportFailure.InvalidName, Messages.InvalidPluginName(name, reason));
        }
    }
}
