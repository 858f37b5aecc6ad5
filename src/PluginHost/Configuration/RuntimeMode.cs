namespace PluginHost.Configuration;

/// <summary>
/// How a runtime loads plugins (<c>mode</c> in TOML): into contexts it can unload, or into contexts that
/// run the plugins' ReadyToRun code. Unless set, it follows hot reload: <c>[hot_reload] enabled = false</c>
/// means <see cref="Production"/>.
/// </summary>
public enum RuntimeMode
{
    /// <summary>
    /// Every plugin loads into its own collectible context, read into memory so its files are never locked:
    /// it can be reloaded, unloaded (verified collected) and watched. Collectible contexts cannot run
    /// ReadyToRun code, so every method of a plugin is JIT-compiled.
    /// </summary>
    Development,

    /// <summary>
    /// Every plugin loads into its own non-collectible context, from its file, so its ReadyToRun code runs
    /// and it starts faster. Nothing is ever unloaded: reloading, unloading, isolation scopes and watching
    /// fail saying so, and a plugin's files stay locked while the process runs. Disposing the runtime still
    /// stops and disposes every plugin.
    /// </summary>
    Production,
}
