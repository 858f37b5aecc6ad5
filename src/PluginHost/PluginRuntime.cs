using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Finding;
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
public sealed partial class PluginRuntime : IDisposable
{
    private static long s_loadOrder;

    private readonly ConcurrentDictionary<string, LoadedPlugin> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _generations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PluginEntry> _configured;
    private readonly PluginRuntimeOptions _options;
    private readonly ExplicitPathFinder _explicitPaths;
    private readonly ILogger _log;

    // Who imported whom (importer -> names), for reloading dependents after what they depend on.
    private ImmutableDictionary<string, ImmutableHashSet<string>> _imports =
        ImmutableDictionary.Create<string, ImmutableHashSet<string>>(StringComparer.Ordinal);
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

    private static void ThrowIfInvalidName(string name)
    {
        if (!PluginName.IsValid(name, out var reason))
        {
            throw new PluginImportException(name ?? string.Empty, ImportFailure.InvalidName, Messages.InvalidPluginName(name, reason));
        }
    }
}
