using System.Diagnostics.CodeAnalysis;
using System.Runtime.Loader;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Finding;
using PluginHost.Hooks;
using PluginHost.Registration;
using PluginHost.Reloading;
using PluginHost.Results;
using PluginHost.Runtime;
using PluginHost.Trust;
using Serilog;

namespace PluginHost;

/// <summary>
/// The plugin host: imports plugins by name through the search path and the finder chain into
/// load contexts of their own (collectible in development mode), caches them by name, runs each one's <see cref="IPlugin.Register"/> once,
/// reloads and unloads them. Safe to share between threads.
/// </summary>
/// <remarks>
/// The cache read is lock-free: importing a name already loaded costs a dictionary look-up, touches no
/// file and does not run Register again. A first import takes a lock for that name only, so many threads
/// importing one name load and register it exactly once, while other names load in parallel. An import
/// and a reload are one transaction: a failure at any step leaves everything as it was.
/// </remarks>
public sealed class PluginRuntime : IAsyncDisposable, IDisposable
{
    private readonly PluginRuntimeOptions _options;
    private readonly ModuleTable _table = new();
    private readonly Resolver _resolver;
    private readonly ImportTransaction _transaction;
    private readonly Reloader _reloader;
    private readonly ConfigurationApplier _applier;
    private readonly CustomFinders _customFinders;
    private readonly List<PluginWatcher> _watchers = [];
    private readonly ILogger _log;
    private int _disposed;

    /// <summary>Creates a runtime: the configured finders around the built-in directory finder over <see cref="PluginRuntimeOptions.SearchPaths"/>.</summary>
    /// <param name="options">Search path, configured plugins, finders, time and logger.</param>
    /// <exception cref="PluginConfigurationException">A custom finder of <see cref="PluginRuntimeOptions.CustomFinders"/> could not be loaded or created.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="PluginRuntimeOptions.ImportParallelism"/> is less than 1.</exception>
    public PluginRuntime(PluginRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ImportParallelism, 1);
        _options = options;
        Mode = options.EffectiveMode;
        _log = FallbackLog.Resolve(options.Logger ?? Log.Logger).ForContext<PluginRuntime>();
        _customFinders = CustomFinders.Create(options.CustomFinders);
        Finders = ConfiguredFinders.Chain(_customFinders.Registrations, options.Finders);
        Registry = new PluginRegistry();
        _resolver = new Resolver(Finders, new ConfiguredPlugins(options.Plugins, options.SearchPaths), _log);
        var sharing = new AssemblySharing(options.SharedContext ?? AssemblyLoadContext.Default, AssemblySharing.Always.Union(options.SharedAssemblies));
        var builder = new GenerationBuilder(Registry, sharing, options.CollectibleContexts, SettingsOf, options.Services, _log);
        _log.Debug("Plugin runtime in {Mode:l} mode: plugins load into {Contexts:l} contexts", Mode.ToString().ToLowerInvariant(), options.CollectibleContexts ? "collectible" : "non-collectible");
        var lifecycle = new LifecycleCalls(options.Timeouts, options.TimeProvider, _log);
        var trust = new TrustChecks(options.Lock, options.RelockOnReload, _log);
        trust.CheckSearchPaths(options.SearchPaths, Path.GetDirectoryName(options.ConfigurationFile));
        _transaction = new ImportTransaction(_table, _resolver, builder, lifecycle, trust, _log);
        var retirer = new Retirer(options.HotReload.QuiesceTimeout, lifecycle, new UnloadVerifier(options.TimeProvider), _log);
        _reloader = new Reloader(_table, _transaction, Registry, retirer, lifecycle, _log);
        _reloader.Reloaded += result => Reloaded?.Invoke(this, result);
        _applier = new ConfigurationApplier(_resolver, _table, _transaction, _reloader, options.Source, _log);
        _applier.Changed += result => ConfigurationChanged?.Invoke(this, result);
        _applier.Imported += result => Reloaded?.Invoke(this, result);
        _applier.Applied += removed => ForEachWatcher(w => w.Reconfigured(removed));
    }

    /// <summary>
    /// Raised after every reload attempt, successful or not, on the thread that reloaded: once for the
    /// plugin, then once for each dependent reloaded after it. Also raised after every attempt of a
    /// watcher (<see cref="StartWatching"/>) to import a configured plugin that was not loaded: then
    /// <see cref="ReloadResult.OldGeneration"/> is 0.
    /// </summary>
    public event EventHandler<ReloadResult>? Reloaded;

    /// <summary>
    /// Raised after every edit of the configuration was applied or rejected, whether it came from
    /// <see cref="ApplyConfigurationAsync"/> or from a watcher that saw the configuration file change.
    /// The plugins it reloaded and imported raise <see cref="Reloaded"/> first.
    /// </summary>
    public event EventHandler<ConfigurationChangeResult>? ConfigurationChanged;

    /// <summary>
    /// The mode plugins load in: <see cref="RuntimeMode.Development"/> (collectible contexts; reload, unload,
    /// watch) or <see cref="RuntimeMode.Production"/> (non-collectible contexts running ReadyToRun code;
    /// nothing unloads). <see cref="PluginRuntimeOptions.Mode"/>, or production when hot reload is disabled.
    /// </summary>
    public RuntimeMode Mode { get; }

    /// <summary>The finder chain, asked in order; add your own finders at the front or the end.</summary>
    public FinderChain Finders { get; }

    /// <summary>The search path the directory finder walks, in order.</summary>
    public IReadOnlyList<string> SearchPaths => _resolver.Configured.SearchPaths;

    /// <summary>What the loaded plugins registered.</summary>
    public PluginRegistry Registry { get; }

    /// <summary>The plugins in the cache now, including any whose Register is still running.</summary>
    public IReadOnlyCollection<LoadedPlugin> Loaded => _table.Modules;

    /// <summary>
    /// Imports a plugin by name (Python's <c>importlib.import_module</c>). A cached plugin is returned at
    /// once; otherwise the finder chain resolves the name, the spec's loader loads it into a new
    /// collectible context, the plugin enters the cache, and its Register runs.
    /// </summary>
    /// <param name="name">The plugin's name: letters, digits, '.', '_' and '-'; never a path.</param>
    /// <returns>The loaded plugin; the same object for every import until it is unloaded or reloaded.</returns>
    /// <exception cref="PluginImportException">The name is invalid, not found (every place tried is listed), not loadable, or its Register threw; nothing of it was kept.</exception>
    /// <exception cref="ObjectDisposedException">The runtime was disposed.</exception>
    public LoadedPlugin Import(string name) =>
        name is not null && _table.TryGet(name, out var cached) ? cached : ImportUncached(name!);

    /// <summary>Gets a plugin from the cache without importing it.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="plugin">The cached plugin.</param>
    /// <returns>True when the plugin is in the cache.</returns>
    public bool TryGetLoaded(string name, [NotNullWhen(true)] out LoadedPlugin? plugin) => _table.TryGet(name, out plugin);

    /// <summary>Resolves a name through the finder chain without loading anything (Python's <c>importlib.util.find_spec</c>).</summary>
    /// <param name="name">The plugin's name.</param>
    /// <returns>The winning spec, if any, with its manifest, every finder asked, every place probed, and the copies it shadows.</returns>
    /// <exception cref="PluginImportException">The name is not valid, the plugin's manifest is not valid, or a finder threw.</exception>
    public FindResult Find(string name) => _resolver.Find(name);

    /// <summary>
    /// The order <see cref="ImportAll"/> loads the enabled configured plugins in, found without loading
    /// anything: each plugin after what its manifest requires, otherwise in configuration order.
    /// </summary>
    /// <returns>The order, and every <c>requires</c> cycle found, each as its whole chain.</returns>
    public ImportPlan PlanImports() =>
        DependencyPlanner.Plan(_resolver.Configured.Entries.Where(p => p.Enabled).Select(p => p.Name), _resolver.TryFind);

    /// <summary>
    /// Imports every configured plugin, isolating failures: a plugin that cannot be found, loaded or
    /// registered is reported in its outcome and logged, and the others still load. Up to
    /// <see cref="PluginRuntimeOptions.ImportParallelism"/> plugins import at once, each only after what
    /// its manifest requires was committed; the outcomes are those of importing one after another.
    /// </summary>
    /// <param name="cancellationToken">Stops before the next plugin is imported.</param>
    /// <returns>One outcome per configured plugin, in configuration order.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The runtime was disposed.</exception>
    public IReadOnlyList<ImportOutcome> ImportAll(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return new ParallelImport(_transaction, _resolver, Registry, _log).Run(_resolver.Configured.Entries, _options.ImportParallelism, cancellationToken);
    }

    /// <summary>
    /// Reloads a plugin transactionally: the new build is loaded beside the running one and registers
    /// into staging; only when that succeeds do the cache entry, the registrations and its imports switch
    /// over, all at once. Calls already running in the old generation finish on the old code (awaited,
    /// not blocked on); then it is disposed, released and verified collected. Plugins that imported this
    /// one are reloaded after it, in dependency order.
    /// </summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="cancellationToken">Before the commit, rolls the reload back; after it, stops waiting for the old generation's calls and collection (it is released all the same).</param>
    /// <returns>The outcome. When it failed (missing or broken build, Register threw) the old generation is still serving and <see cref="ReloadResult.Error"/> says why.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The runtime was disposed.</exception>
    /// <exception cref="InvalidOperationException">The runtime is in production mode, where nothing unloads.</exception>
    public Task<ReloadResult> ReloadAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ThrowIfDisposed();
        ModeGuard.ThrowIfProduction(Mode, $"Reloading '{name}'");
        return _reloader.ReloadAsync(name, "reload requested", cascade: true, cancellationToken);
    }

    /// <summary>
    /// Unloads a plugin: removes it from the cache and its registrations from the registry, awaits the
    /// calls running in it, lets it dispose, releases its load context and verifies it was collected.
    /// </summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="cancellationToken">Stops waiting for its calls and its collection; it is released all the same.</param>
    /// <returns>What was unloaded and whether its context was collected; null when the plugin was not loaded.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="InvalidOperationException">The runtime is in production mode, where nothing unloads.</exception>
    public Task<UnloadResult?> UnloadAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ModeGuard.ThrowIfProduction(Mode, $"Unloading '{name}'");
        return _reloader.UnloadAsync(name, cancellationToken);
    }

    /// <summary>
    /// Applies an edited configuration while the runtime runs, as a watcher does when the configuration
    /// file changes: plugins removed from the list (or disabled) are unloaded, plugins whose settings,
    /// path or version changed are reloaded, plugins added are imported, and a new search path takes
    /// over (plugins it resolves to other files are reloaded). Each plugin's change is its own
    /// transaction; an edit that removes a plugin another loaded plugin still imports is rejected whole.
    /// Keys a runtime reads only when it is created are reported in <see cref="ConfigurationChangeResult.RestartRequired"/>.
    /// </summary>
    /// <param name="configuration">The edited configuration, usually from <see cref="HostConfiguration.Load(string)"/>.</param>
    /// <param name="cancellationToken">Stops between plugins; the changes already made stay.</param>
    /// <returns>What was unloaded, reloaded and imported, or why the edit was rejected; also raised as <see cref="ConfigurationChanged"/>.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The runtime was disposed.</exception>
    public Task<ConfigurationChangeResult> ApplyConfigurationAsync(HostConfiguration configuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ThrowIfDisposed();
        return _applier.ApplyAsync(configuration, "configuration applied", cancellationToken);
    }

    /// <summary>
    /// Starts watching the files of every loaded plugin (and of plugins imported later) and reloads a
    /// plugin when they change, as <see cref="PluginRuntimeOptions.HotReload"/> says. A configured, enabled,
    /// reloadable plugin that is not loaded (it failed to import, or its build is not there yet) is watched
    /// where the directory finder (or its <c>path</c>) would find it, and imported when those files change;
    /// from then on it is watched like any loaded plugin. Results are raised through <see cref="Reloaded"/>,
    /// an import as a result whose <see cref="ReloadResult.OldGeneration"/> is 0; no failure of a watched
    /// reload or import escapes as an exception.
    /// </summary>
    /// <returns>Dispose it to stop watching; disposing the runtime stops it too.</returns>
    /// <exception cref="ObjectDisposedException">The runtime was disposed.</exception>
    /// <exception cref="InvalidOperationException">The runtime is in production mode, where nothing reloads.</exception>
    public IAsyncDisposable StartWatching()
    {
        ThrowIfDisposed();
        ModeGuard.ThrowIfProduction(Mode, "Watching plugin files for hot reload");
        var missing = new MissingPlugins(() => _resolver.Configured, Import, Find, result => Reloaded?.Invoke(this, result));
        var watcher = new PluginWatcher(_table, _transaction, _reloader, _options.HotReload, IsHotReloadEnabled, missing, () => _applier.WatchFile(_options.ConfigurationFile, _options.HotReload, _options.TimeProvider), _options.TimeProvider, _log);
        lock (_watchers)
        {
            _watchers.Add(watcher);
        }

        watcher.Start();
        return watcher;
    }

    /// <summary>
    /// Begins an isolation scope: every plugin imported from now until the scope is disposed is then
    /// unloaded, removed from the cache and verified collected; plugins cached before it are untouched.
    /// </summary>
    /// <returns>The scope; dispose it to unload what was imported inside it.</returns>
    /// <exception cref="ObjectDisposedException">The runtime was disposed.</exception>
    /// <exception cref="InvalidOperationException">The runtime is in production mode, where nothing unloads.</exception>
    public IsolationScope BeginIsolationScope()
    {
        ThrowIfDisposed();
        ModeGuard.ThrowIfProduction(Mode, "An isolation scope");
        return new IsolationScope(_reloader, _table.Names);
    }

    /// <summary>
    /// Stops every watcher this runtime started (awaiting reloads in flight), then retires every loaded
    /// generation, newest first: their calls finish, they stop and dispose, their contexts are released and
    /// verified collected together, and each one still alive is logged as a leak with its name. In
    /// production mode the contexts stay loaded until the process exits.
    /// </summary>
    /// <returns>A task that completes when everything was released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        PluginWatcher[] watchers;
        lock (_watchers)
        {
            watchers = [.. _watchers];
        }

        foreach (var watcher in watchers)
        {
            await watcher.DisposeAsync().ConfigureAwait(false);
        }

        await _reloader.UnloadAllExceptAsync(new HashSet<string>(), CancellationToken.None).ConfigureAwait(false);
        _customFinders.Dispose(Finders);
        _applier.Dispose();
    }

    /// <summary>Does what <see cref="DisposeAsync"/> does, blocking until it is done.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private LoadedPlugin ImportUncached(string name)
    {
        ThrowIfDisposed();
        return _transaction.Import(name);
    }

    private IReadOnlyDictionary<string, string> SettingsOf(string name) => _resolver.Configured.SettingsOf(name);

    private bool IsHotReloadEnabled(string name) =>
        _options.HotReload.Enabled && (!_resolver.Configured.TryGet(name, out var entry) || entry.HotReload);

    private void ForEachWatcher(Action<PluginWatcher> action)
    {
        lock (_watchers)
        {
            _watchers.ForEach(action);
        }
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(PluginRuntime), Messages.RuntimeDisposed());
        }
    }
}
