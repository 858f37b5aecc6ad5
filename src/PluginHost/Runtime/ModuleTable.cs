using System.Collections.Concurrent;
using System.Collections.Immutable;
using PluginHost.Results;

namespace PluginHost.Runtime;

/// <summary>
/// Python's <c>sys.modules</c> and what goes with it: the plugin cache by name, the last generation
/// number of each name, and the import graph (who imported whom). Only a commit, an unload, or a first
/// import showing its partial self changes it, each in one step under one gate.
/// </summary>
/// <remarks>
/// The cache read is a lock-free <see cref="ConcurrentDictionary{TKey,TValue}"/> look-up. The
/// generation numbers and the import graph are immutable snapshots, swapped whole, so a reader never
/// sees half of a commit's edges.
/// </remarks>
internal sealed class ModuleTable
{
    private readonly ConcurrentDictionary<string, LoadedPlugin> _modules = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private ImmutableDictionary<string, int> _generations = ImmutableDictionary.Create<string, int>(StringComparer.Ordinal);

    // importer -> the names it imported (its requirements, and every Import it made).
    private ImmutableDictionary<string, ImmutableHashSet<string>> _imports =
        ImmutableDictionary.Create<string, ImmutableHashSet<string>>(StringComparer.Ordinal);

    public IReadOnlyCollection<LoadedPlugin> Modules => [.. _modules.Values];

    public IReadOnlyCollection<string> Names => [.. _modules.Keys];

    /// <summary>The import graph now: importer to the names it imported.</summary>
    public IReadOnlyDictionary<string, ImmutableHashSet<string>> Imports => Volatile.Read(ref _imports);

    public bool TryGet(string name, out LoadedPlugin plugin) => _modules.TryGetValue(name, out plugin!);

    /// <summary>The generation number the next successful import or reload of <paramref name="name"/> gets.</summary>
    public int NextGeneration(string name) => Volatile.Read(ref _generations).GetValueOrDefault(name) + 1;

    /// <summary>
    /// Puts a first import in the cache before its Register runs, as Python puts a module in
    /// <c>sys.modules</c> before executing it, so a plugin importing itself gets its partial self.
    /// </summary>
    public void ShowPartial(LoadedPlugin plugin) => _modules[plugin.Name] = plugin;

    /// <summary>Takes a partial plugin back out of the cache after its import failed.</summary>
    public void HidePartial(LoadedPlugin plugin) => _modules.TryRemove(new KeyValuePair<string, LoadedPlugin>(plugin.Name, plugin));

    /// <summary>Makes <paramref name="plugin"/> the cached generation of its name, with exactly <paramref name="imports"/> as its edges.</summary>
    public void Commit(LoadedPlugin plugin, IEnumerable<string> imports)
    {
        var edges = imports.ToImmutableHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            _generations = _generations.SetItem(plugin.Name, plugin.Generation);
            _imports = edges.IsEmpty ? _imports.Remove(plugin.Name) : _imports.SetItem(plugin.Name, edges);
            _modules[plugin.Name] = plugin;
        }
    }

    /// <summary>Records an import made by a plugin generation that is already committed; ignored for a replaced one.</summary>
    public void AddImport(LoadedPlugin importer, string name)
    {
        // A plugin importing at call time usually imports what it imported before: no lock for that.
        if (Imports.TryGetValue(importer.Name, out var known) && known.Contains(name))
        {
            return;
        }

        lock (_gate)
        {
            if (_modules.TryGetValue(importer.Name, out var current) && ReferenceEquals(current, importer))
            {
                _imports = _imports.SetItem(importer.Name, _imports.GetValueOrDefault(importer.Name, []).Add(name));
            }
        }
    }

    /// <summary>Removes a plugin and the imports it made; what it was imported by stays recorded.</summary>
    /// <returns>The plugin removed, or null when it was not cached.</returns>
    public LoadedPlugin? Remove(string name)
    {
        lock (_gate)
        {
            if (!_modules.TryRemove(name, out var plugin))
            {
                return null;
            }

            _imports = _imports.Remove(name);
            return plugin;
        }
    }

    /// <summary>Every cached plugin that imported <paramref name="name"/>, directly or not, dependencies first.</summary>
    public IReadOnlyList<string> DependentsOf(string name)
    {
        var imports = Imports;
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
            .Select(n => _modules.GetValueOrDefault(n))
            .OfType<LoadedPlugin>()
            .OrderBy(p => p.ReadyOrder)
            .Select(p => p.Name)];
    }
}
