namespace PluginHost.Hooks;

/// <summary>
/// Finds where a plugin lives, without loading it: PluginHost's counterpart of a Python
/// <c>sys.meta_path</c> finder. The host asks each finder of its chain in order; the first one that
/// returns a spec wins.
/// </summary>
public interface IPluginFinder
{
    /// <summary>A short name shown in traces and not-found errors, such as <c>directory</c>.</summary>
    string Name { get; }

    /// <summary>Looks for a plugin.</summary>
    /// <param name="name">The plugin's name, already checked to be a safe name (never a path).</param>
    /// <param name="context">The search path, and where to record every place looked at.</param>
    /// <returns>The spec when this finder has the plugin; otherwise null, so the next finder is asked.</returns>
    PluginSpec? FindSpec(string name, PluginSearchContext context);

    /// <summary>
    /// Every copy of the plugin this finder has, the one <see cref="FindSpec"/> returns first. The host
    /// asks for it only on a cache miss, to report which copies the winner shadows. The default is
    /// <see cref="FindSpec"/>'s answer alone; a finder that searches several places (like the directory
    /// finder over the search path) returns every copy, lazily, so taking the first probes no further.
    /// </summary>
    /// <param name="name">The plugin's name, already checked to be a safe name.</param>
    /// <param name="context">The search path, and where to record every place looked at.</param>
    /// <returns>The copies, winner first; empty when this finder has none.</returns>
    IEnumerable<PluginSpec> FindAll(string name, PluginSearchContext context) =>
        FindSpec(name, context) is { } spec ? [spec] : [];
}
