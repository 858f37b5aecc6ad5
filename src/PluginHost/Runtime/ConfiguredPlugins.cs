using PluginHost.Configuration;
using PluginHost.Finding;

namespace PluginHost.Runtime;

/// <summary>
/// The part of a runtime's configuration an edit of its TOML file may change while it runs: the plugins
/// listed (names, settings, pinned paths) and the search path. Immutable: an accepted edit swaps the
/// whole of it at once, so a find or an import sees either the old or the new configuration, never a mix.
/// </summary>
internal sealed class ConfiguredPlugins
{
    private static readonly IReadOnlyDictionary<string, string> s_noSettings = new Dictionary<string, string>();
    private readonly Dictionary<string, PluginEntry> _byName;

    public ConfiguredPlugins(IReadOnlyList<PluginEntry> entries, IReadOnlyList<string> searchPaths)
    {
        Entries = entries;
        SearchPaths = searchPaths;
        _byName = entries.ToDictionary(p => p.Name, StringComparer.Ordinal);
        Pinned = new ExplicitPathFinder(entries);
    }

    /// <summary>The plugins listed, in configuration order, enabled or not.</summary>
    public IReadOnlyList<PluginEntry> Entries { get; }

    /// <summary>The search path the directory finder walks, in order.</summary>
    public IReadOnlyList<string> SearchPaths { get; }

    /// <summary>The finder for the names the configuration pins to a path.</summary>
    public ExplicitPathFinder Pinned { get; }

    public bool TryGet(string name, out PluginEntry entry) => _byName.TryGetValue(name, out entry!);

    public IReadOnlyDictionary<string, string> SettingsOf(string name) => TryGet(name, out var entry) ? entry.Settings : s_noSettings;
}
