using PluginHost.Results;
using PluginHost.Runtime;

namespace PluginHost.Reloading;

/// <summary>What a <see cref="PluginWatcher"/> needs to watch, and import, the configured plugins that are not loaded.</summary>
/// <param name="Configured">The configured plugins and search path now; the enabled, reloadable plugins that are not loaded are watched.</param>
/// <param name="Import">The runtime's normal import, as <see cref="PluginRuntime.Import"/>.</param>
/// <param name="Find">The runtime's <see cref="PluginRuntime.Find"/>: what a plugin's manifest requires.</param>
/// <param name="Report">Raises the runtime's <see cref="PluginRuntime.Reloaded"/> event.</param>
internal sealed record MissingPlugins(
    Func<ConfiguredPlugins> Configured, Func<string, LoadedPlugin> Import, Func<string, FindResult> Find, Action<ReloadResult> Report);
