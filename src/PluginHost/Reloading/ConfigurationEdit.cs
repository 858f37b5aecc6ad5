using PluginHost.Configuration;
using PluginHost.Runtime;

namespace PluginHost.Reloading;

/// <summary>
/// What an edit of the configuration changes for a running runtime: the plugins to unload, reload and
/// import, whether the search path moved, and the keys that only a new runtime would apply.
/// </summary>
internal sealed record ConfigurationEdit(
    IReadOnlyList<string> Removed,
    IReadOnlyList<PluginEntry> Changed,
    IReadOnlyList<PluginEntry> Added,
    bool SearchPathChanged,
    IReadOnlyList<string> RestartRequired)
{
    /// <summary>The edit from the running plugins to <paramref name="next"/>.</summary>
    /// <param name="current">The plugins and search path the runtime runs with now.</param>
    /// <param name="previous">The configuration the runtime was made from or last applied, when it came from one: the keys only a new runtime applies are compared with it.</param>
    /// <param name="next">The edited configuration.</param>
    public static ConfigurationEdit Between(ConfiguredPlugins current, HostConfiguration? previous, HostConfiguration next)
    {
        var removed = new List<string>();
        var changed = new List<PluginEntry>();
        var added = new List<PluginEntry>();
        var nextByName = next.Plugins.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var entry in current.Entries.Where(e => e.Enabled))
        {
            if (!nextByName.TryGetValue(entry.Name, out var edited) || !edited.Enabled)
            {
                removed.Add(entry.Name);
            }
        }

        foreach (var entry in next.Plugins.Where(e => e.Enabled))
        {
            if (!current.TryGet(entry.Name, out var running) || !running.Enabled)
            {
                added.Add(entry);
            }
            else if (!SameLoad(running, entry))
            {
                changed.Add(entry);
            }
        }

        var searchPathChanged = !current.SearchPaths.SequenceEqual(next.SearchPaths.Select(p => p.Path), StringComparer.Ordinal);
        return new ConfigurationEdit(removed, changed, added, searchPathChanged, previous is null ? [] : RestartOnly(previous, next));
    }

    /// <summary>True when a plugin loaded for <paramref name="a"/> is what <paramref name="b"/> asks for: same settings, path and version.</summary>
    private static bool SameLoad(PluginEntry a, PluginEntry b) =>
        a.Path == b.Path && a.Version == b.Version && a.HotReload == b.HotReload && SameSettings(a.Settings, b.Settings);

    private static bool SameSettings(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);

    /// <summary>The TOML keys whose values differ that a runtime reads only when it is created.</summary>
    private static List<string> RestartOnly(HostConfiguration previous, HostConfiguration next)
    {
        var keys = new List<string>();
        Compare("source_paths", previous.SourcePaths.SequenceEqual(next.SourcePaths, StringComparer.Ordinal));
        Compare("nuget_feeds", previous.NuGetFeeds.SequenceEqual(next.NuGetFeeds, StringComparer.Ordinal));
        Compare("finders", previous.Finders.Count == next.Finders.Count && previous.Finders.Zip(next.Finders).All(f => SameFinder(f.First, f.Second)));
        Compare("shared_assemblies", previous.SharedAssemblies.SequenceEqual(next.SharedAssemblies, StringComparer.Ordinal));
        Compare("timeouts", previous.Timeouts == next.Timeouts);
        Compare("hot_reload", previous.HotReload == next.HotReload);
        Compare("require_lock", previous.RequireLock == next.RequireLock);
        Compare("mode", previous.Mode == next.Mode);
        Compare("import_parallelism", previous.ImportParallelism == next.ImportParallelism);
        return keys;

        void Compare(string key, bool same)
        {
            if (!same)
            {
                keys.Add(key);
            }
        }
    }

    private static bool SameFinder(FinderDescriptor a, FinderDescriptor b) =>
        a.Type == b.Type && a.Assembly == b.Assembly && a.Position == b.Position && SameSettings(a.Settings, b.Settings);
}
