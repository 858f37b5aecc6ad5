using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Finding;
using PluginHost.Loading;
using PluginHost.Registration;
using PluginHost.Reloading;
using PluginHost.Resolution;
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
public sealed partial class PluginRuntime : IDisposable
{
    private static long s_loadOrder;

    private readonly ConcurrentDictionary<string, LoadedPlugin> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _generations = new(StringComparer.Ordinal);
    private ImmutableDictionary<string, ImmutableHashSet<string>> _imports =
        ImmutableDictionary.Create<string, ImmutableHashSet<string>>(StringComparer.Ordinal);
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
    /// <returns>The winning spec, if any, with its manifest, every finder asked, every place probed, and the copies it shadows.</returns>
    /// <exception cref="PluginImportException">The name is not a valid plugin name, or the plugin's manifest is not valid.</exception>
    public FindResult Find(string name)
    {
        ThrowIfInvalidName(name);
        if (_explicitPaths.TryFind(name, _options.SearchPaths, out var pinned))
        {
            return pinned.Spec is { } pinnedSpec ? pinned with { Spec = WithManifest(pinnedSpec) } : pinned;
        }

        var context = new PluginSearchContext(_options.SearchPaths);
        var asked = new List<string>();
        var finders = Finders.Snapshot();
        for (var i = 0; i < finders.Length; i++)
        {
            var finder = finders[i];
            asked.Add(finder.Name);
            context.CurrentFinder = finder.Name;
            if (finder.FindSpec(name, context) is { } spec)
            {
                return Resolved(name, spec with { Finder = spec.Finder ?? finder.Name }, asked, context, finders, i);
            }
        }

        return new FindResult(name, null, asked, context.Probes);
    }

    /// <summary>
    /// Imports every configured plugin in order, isolating failures: a plugin that cannot be found,
    /// loaded or registered is reported in its outcome and logged, and the others still load. Each
    /// plugin's manifest requirements are imported before it, whatever the configuration's order.
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
        return Remove(name) is var (plugin, commands) ? Retire(plugin, commands) : null;
    }

    /// <summary>
    /// Stops nothing but unloads every plugin, newest first, without waiting to verify collection: a
    /// host shutting down has no use for the proof, and <see cref="Unload"/> gives it when it matters.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var loaded in _cache.Values.OrderByDescending(p => p.LoadOrder))
        {
            if (Remove(loaded.Name) is var (plugin, commands))
            {
                plugin.Lease.Retire(_options.HotReload.QuiesceTimeout);
                foreach (var command in commands)
                {
                    command.Detach();
                }

                plugin.Release(PluginState.Unloaded, _log);
            }
        }
    }

    private (LoadedPlugin Plugin, IReadOnlyList<RegisteredCommand> Commands)? Remove(string name)
    {
        using (_locks.Enter(name))
        {
            if (!_cache.TryRemove(name, out var plugin))
            {
                return null;
            }

            ImmutableInterlocked.Update(ref _imports, static (map, n) => map.Remove(n), name);
            return (plugin, Registry.Replace(name, []));
        }
    }

    /// <summary>
    /// Reloads a plugin transactionally: the new build is found and loaded into a new context beside
    /// the running one and registers into staging; only when that succeeds do the cache entry and the
    /// registrations switch over, all at once. Calls already running in the old generation finish on
    /// the old code; then it is disposed, released, and verified collected. Plugins that imported this
    /// one are reloaded after it, in dependency order.
    /// </summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="cancellationToken">Stops the reload before the new build is loaded.</param>
    /// <returns>The outcome. When it failed (missing or broken build, Register threw) the old generation is still serving and <see cref="ReloadResult.Error"/> says why.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled before the reload started.</exception>
    public Task<ReloadResult> ReloadAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Task.Run(() => Reload(name, "reload requested", cascade: true), cancellationToken);
    }

    /// <summary>
    /// Raised after every reload attempt, successful or not, on the thread that reloaded: once for the
    /// plugin, then once for each dependent reloaded after it.
    /// </summary>
    public event EventHandler<ReloadResult>? Reloaded;

    /// <summary>
    /// Starts watching the files of every loaded plugin (and of plugins imported later) and reloads a
    /// plugin when they change, as <see cref="PluginRuntimeOptions.HotReload"/> says. Results are raised
    /// through <see cref="Reloaded"/>.
    /// </summary>
    /// <returns>Dispose it to stop watching.</returns>
    public IDisposable StartWatching()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var watcher = new PluginWatcher(this, _options.HotReload, _log);
        watcher.Start();
        return watcher;
    }

    internal bool IsHotReloadEnabled(string name) =>
        _options.HotReload.Enabled && (!_configured.TryGetValue(name, out var entry) || entry.HotReload);

    internal event Action<LoadedPlugin>? Imported;

    internal ReloadResult Reload(string name, string trigger, bool cascade)
    {
        var started = Stopwatch.GetTimestamp();
        LoadedPlugin old;
        LoadedPlugin current;
        IReadOnlyList<RegisteredCommand> replaced;
        using (_locks.Enter(name))
        {
            if (!_cache.TryGetValue(name, out old!))
            {
                var notLoaded = new PluginImportException(name, ImportFailure.NotFound, Messages.ReloadNotLoaded(name));
                return Report(new ReloadResult { Name = name, Trigger = trigger, OldGeneration = 0, Error = notLoaded });
            }

            try
            {
                var found = Find(name);
                var spec = found.Spec ?? throw NotFound(name, found);
                ImportRequirements(spec);
                var pending = Prepare(spec);
                RecordRequirements(spec);
                replaced = RegisterAndCommit(pending);
                current = pending.Plugin;
                _cache[name] = current;
            }
            catch (PluginImportException e)
            {
                _log.Error(
                    "Reload of {Plugin} failed ({Failure}); generation {Generation} keeps serving: {Reason}",
                    name, e.Failure, old.Generation, e.Message);
                return Report(new ReloadResult
                {
                    Name = name,
                    Trigger = trigger,
                    OldGeneration = old.Generation,
                    Error = e,
                    Elapsed = Stopwatch.GetElapsedTime(started),
                });
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        _log.Information(
            "Reloaded {Plugin} generation {OldGeneration} -> {Generation} ({Trigger}) in {ElapsedMs:F1} ms",
            name, old.Generation, current.Generation, trigger, elapsed.TotalMilliseconds);
        Imported?.Invoke(current);

        var result = Report(new ReloadResult
        {
            Name = name,
            Trigger = trigger,
            OldGeneration = old.Generation,
            NewGeneration = current.Generation,
            Elapsed = elapsed,
            Unload = Retire(old, replaced),
        });

        // Each dependent's reload raises its own event, after this plugin's.
        return cascade
            ? result with { Dependents = [.. DependentsOf(name).Select(d => Reload(d, $"dependency {name} reloaded", cascade: false))] }
            : result;
    }

    /// <summary>Called by a plugin's context: records that <paramref name="importer"/> depends on <paramref name="name"/>, then imports it.</summary>
    internal LoadedPlugin ImportFor(string importer, string name)
    {
        ImmutableInterlocked.AddOrUpdate(ref _imports, importer, [name], (_, set) => set.Add(name));
        WarnIfRegisterCycle(importer, name);
        return Import(name);
    }

    private ReloadResult Report(ReloadResult result)
    {
        try
        {
            Reloaded?.Invoke(this, result);
        }
#pragma warning disable CA1031 // A subscriber's bug must not break the reload that already happened.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _log.Error(e, "A Reloaded event handler threw for {Plugin}", result.Name);
        }

        return result;
    }

    /// <summary>Every loaded plugin that imported <paramref name="name"/>, directly or not, dependencies first.</summary>
    private List<string> DependentsOf(string name)
    {
        var imports = _imports;
        var found = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([name]);
        while (queue.TryDequeue(out var next))
        {
            foreach (var (importer, dependencies) in imports)
            {
                if (dependencies.Contains(next) && importer != name && found.Add(importer))
                {
                    queue.Enqueue(importer);
                }
            }
        }

        return [.. found
            .Select(n => _cache.TryGetValue(n, out var p) ? p : null)
            .OfType<LoadedPlugin>()
            .OrderBy(p => p.ReadyOrder)
            .Select(p => p.Name)];
    }

    private LoadedPlugin ImportUncached(string name)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ThrowIfInvalidName(name);
        LoadedPlugin plugin;
        using (_locks.Enter(name))
        {
            if (_cache.TryGetValue(name, out var cached))
            {
                return cached;
            }

            using var frame = ImportStack.Push(this, name);
            var started = Stopwatch.GetTimestamp();
            var found = Find(name);
            var findTime = Stopwatch.GetElapsedTime(started);
            foreach (var probe in found.Probes)
            {
                _log.Debug("Finder {Finder} probed {Path}: {Outcome}", probe.Finder, probe.Location, probe.Outcome);
            }

            var spec = found.Spec ?? throw NotFound(name, found);
            var requirementsTime = ImportRequirements(spec);
            var pending = Prepare(spec);
            plugin = pending.Plugin;
            RecordRequirements(spec);
            frame.Phase = ImportPhase.Registering;

            // Into the cache before Register, as Python puts a module in sys.modules before executing it:
            // a plugin importing itself (or a cycle back to it) gets its partial self instead of recursing.
            _cache[name] = plugin;
            var registerStarted = Stopwatch.GetTimestamp();
            try
            {
                RegisterAndCommit(pending);
            }
            catch
            {
                _cache.TryRemove(new KeyValuePair<string, LoadedPlugin>(name, plugin));
                throw;
            }

            plugin.LoadTime = Stopwatch.GetElapsedTime(started);
            plugin.Trace = ImportTrace.From(found, new ImportPhases
            {
                Find = findTime,
                Requirements = requirementsTime,
                LoadContext = pending.LoadContext,
                LoadAssembly = pending.LoadAssembly,
                Register = Stopwatch.GetElapsedTime(registerStarted),
            });
            _log.Debug(
                "Import of {Plugin} by phase: find {FindMs:F1} ms, requirements {RequirementsMs:F1} ms, load context {LoadContextMs:F1} ms, load assembly {LoadAssemblyMs:F1} ms, Register {RegisterMs:F1} ms",
                name, findTime.TotalMilliseconds, requirementsTime.TotalMilliseconds, pending.LoadContext.TotalMilliseconds,
                pending.LoadAssembly.TotalMilliseconds, plugin.Trace.Phases.Register.TotalMilliseconds);
            _log.Information(
                "Imported {Plugin} {Version} generation {Generation} from {Path} via {Finder} in {ElapsedMs:F1} ms",
                name, plugin.Version, plugin.Generation, plugin.Origin, plugin.Spec.Finder, plugin.LoadTime.TotalMilliseconds);
        }

        Imported?.Invoke(plugin);
        return plugin;
    }

    private static PluginImportException NotFound(string name, FindResult found) =>
        new(name, ImportFailure.NotFound, Messages.PluginNotFound(name, found.Probes, found.Finders)) { Probes = found.Probes };

    /// <summary>A new generation, loaded and created but not registered: nothing outside sees it yet.</summary>
    private sealed record PendingGeneration(LoadedPlugin Plugin, PluginRegistrar Registrar, PluginContext Context, TimeSpan LoadContext, TimeSpan LoadAssembly);

    private PendingGeneration Prepare(PluginSpec spec)
    {
        var name = spec.Name;
        var loadStarted = Stopwatch.GetTimestamp();
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

        var loadTime = Stopwatch.GetElapsedTime(loadStarted);
        var contextTime = assembly.ContextCreation;
        var generation = _generations.AddOrUpdate(name, 1, static (_, g) => g + 1);
        var plugin = new LoadedPlugin(spec, generation, assembly, instance) { LoadOrder = Interlocked.Increment(ref s_loadOrder) };
        var registrar = new PluginRegistrar(Registry, name, generation, plugin.Lease);
        var settings = _configured.TryGetValue(name, out var entry) ? entry.Settings : new Dictionary<string, string>();
        var logger = _log.ForContext("Plugin", name).ForContext("Generation", generation);
        ImmutableInterlocked.Update(ref _imports, static (map, n) => map.Remove(n), name);
        return new PendingGeneration(plugin, registrar, new PluginContext(this, plugin, settings, registrar, logger), contextTime, loadTime - contextTime);
    }

    /// <summary>Runs Register and publishes what it staged; on any failure the generation is discarded and unloaded.</summary>
    /// <returns>The registrations of the generation this one replaces.</returns>
    private IReadOnlyList<RegisteredCommand> RegisterAndCommit(PendingGeneration pending)
    {
        var plugin = pending.Plugin;
        try
        {
            plugin.Instance.Register(pending.Context);
            var replaced = pending.Registrar.Commit();
            plugin.MarkReady(Interlocked.Increment(ref s_loadOrder));
            return replaced;
        }
        catch (Exception e)
        {
            pending.Registrar.Discard();
            plugin.Release(PluginState.Failed, _log);
            _log.Error(e, "Plugin {Plugin} threw in Register; its registrations were discarded and it was unloaded", plugin.Name);
            throw new PluginImportException(plugin.Name, ImportFailure.RegisterFailed, Messages.RegisterFailed(plugin.Name, plugin.Origin, e), e)
            {
                Origin = plugin.Origin,
            };
        }
    }

    /// <summary>
    /// Lets the calls running in a replaced or unloaded generation finish, detaches its commands,
    /// disposes and releases it, and verifies its context was collected.
    /// </summary>
    private UnloadResult Retire(LoadedPlugin plugin, IReadOnlyList<RegisteredCommand> commands)
    {
        var timeout = _options.HotReload.QuiesceTimeout;
        if (!plugin.Lease.Retire(timeout))
        {
            _log.Warning(
                "Calls into {Plugin} generation {Generation} still running after {TimeoutSeconds} s; releasing it anyway",
                plugin.Name, plugin.Generation, timeout.TotalSeconds);
        }

        foreach (var command in commands)
        {
            command.Detach();
        }

        var context = Release(plugin);
        return Verify(plugin.Name, plugin.Generation, context);
    }

    // Kept out of line so no local of the caller's frame holds the plugin's types once it returns.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference Release(LoadedPlugin plugin)
    {
        plugin.Release(PluginState.Unloaded, _log);
        return plugin.ContextReference;
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

    private UnloadResult Verify(string name, int generation, WeakReference context)
    {
        var (collected, passes) = UnloadVerifier.WaitForCollection(context);
        if (!collected)
        {
            _log.Warning(
                "Load context of {Plugin} generation {Generation} is still alive after {GcPasses} GC passes: {LeakReport}",
                name, generation, passes, Messages.UnloadLeak(name, generation, passes));
        }
        else
        {
            _log.Information("Unloaded {Plugin} generation {Generation}; load context collected after {GcPasses} GC passes", name, generation, passes);
        }

        return new UnloadResult(name, generation, collected, passes);
    }

    private static void ThrowIfInvalidName(string name)
    {
        if (!PluginName.IsValid(name, out var reason))
        {
            throw new PluginImportException(name ?? string.Empty, ImportFailure.InvalidName, Messages.InvalidPluginName(name, reason));
        }
    }
}
