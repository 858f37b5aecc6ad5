using PluginHost.Configuration;
using PluginHost.Loading;

namespace PluginHost.Finding;

/// <summary>
/// Python's <c>spec_from_file_location</c>: a plugin entry with a <c>path</c> names its file (or its
/// folder, holding <c>&lt;Name&gt;.dll</c>) outright. The runtime asks this before the finder chain, and
/// for such a name asks nothing else, so a pinned name never shadows and is never shadowed silently.
/// </summary>
internal sealed class ExplicitPathFinder
{
    public const string FinderName = "path";

    private readonly Dictionary<string, string> _paths;

    public ExplicitPathFinder(IEnumerable<PluginEntry> entries) =>
        _paths = entries.Where(e => e.Path is not null).ToDictionary(e => e.Name, e => e.Path!, StringComparer.Ordinal);

    /// <summary>Resolves a pinned name; false when the name has no explicit path and the chain should be asked.</summary>
    public bool TryFind(string name, IReadOnlyList<string> searchPaths, out FindResult result)
    {
        if (!_paths.TryGetValue(name, out var path))
        {
            result = null!;
            return false;
        }

        var context = new PluginSearchContext(searchPaths) { CurrentFinder = FinderName };
        var isFolder = Directory.Exists(path);
        var candidate = isFolder ? Path.Combine(path, name + ".dll") : path;
        PluginSpec? spec = null;
        if (File.Exists(candidate))
        {
            context.RecordProbe(candidate, "found (explicit path)");
            spec = new PluginSpec(name, candidate, PluginLoaders.AssemblyFile) { Finder = FinderName };
        }
        else
        {
            context.RecordProbe(candidate, isFolder ? "no such file in the folder given as path" : "no such file or folder (given as path)");
        }

        result = new FindResult(name, spec, [FinderName], context.Probes);
        return true;
    }
}
