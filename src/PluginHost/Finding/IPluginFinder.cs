namespace PluginHost.Finding;

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
}
