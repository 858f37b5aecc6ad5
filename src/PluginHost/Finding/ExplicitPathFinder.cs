using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Hooks;
using PluginHost.Loading;

namespace PluginHost.Finding;

/// <summary>
/// Python's <c>spec_from_file_location</c>: a plugin entry with a <c>path</c> names its file (or its
/// folder, holding <c>&lt;Name&gt;.dll</c>) outright. It is the first finder, and the only one asked for
/// a name it claims, so a pinned name never shadows and is never shadowed silently.
/// </summary>
internal sealed class ExplicitPathFinder : IPluginFinder
{
    public const string FinderName = Messages.PinnedFinderName;

    private readonly Dictionary<string, string> _paths;

    public ExplicitPathFinder(IEnumerable<PluginEntry> entries) =>
        _paths = entries.Where(e => e.Path is not null).ToDictionary(e => e.Name, e => e.Path!, StringComparer.Ordinal);

    public string Name => FinderName;

    /// <summary>True when the configuration pins <paramref name="name"/> to a path: then no other finder is asked.</summary>
    public bool Claims(string name) => _paths.ContainsKey(name);

    public PluginSpec? FindSpec(string name, PluginSearchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_paths.TryGetValue(name, out var path))
        {
            return null;
        }

        var isFolder = Directory.Exists(path);
        var candidate = isFolder ? Path.Combine(path, name + ".dll") : path;
        if (File.Exists(candidate))
        {
            context.RecordProbe(candidate, "found (explicit path)");
            return new PluginSpec(name, candidate, PluginLoaders.AssemblyFile) { Finder = FinderName };
        }

        context.RecordProbe(candidate, isFolder ? "no such file in the folder given as path" : "no such file or folder (given as path)");
        return null;
    }
}
