using PluginHost.Configuration;
using PluginHost.Results;

namespace PluginHost.Reloading;

/// <summary>What a <see cref="PluginWatcher"/> needs to watch, and import, the configured plugins that are not loaded.</summary>
/// <param name="Entries">The configured plugins; the enabled, reloadable ones that are not loaded are watched.</param>
/// <param name="SearchPaths">The search path the directory finder walks, in order.</param>
/// <param name="Import">The runtime's normal import, as <see cref="PluginRuntime.Import"/>.</param>
/// <param name="Find">The runtime's <see cref="PluginRuntime.Find"/>: what a plugin's manifest requires.</param>
/// <param name="Report">Raises the runtime's <see cref="PluginRuntime.Reloaded"/> event.</param>
internal sealed record MissingPlugins(
    IReadOnlyList<PluginEntry> Entries, IReadOnlyList<string> SearchPaths, Func<string, LoadedPlugin> Import, Func<string, FindResult> Find, Action<ReloadResult> Report);
