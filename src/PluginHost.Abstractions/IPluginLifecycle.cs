namespace PluginHost;

/// <summary>
/// Optional, for a plugin that does work beyond registering: opening ports or files, background loops.
/// The host calls <see cref="StartAsync"/> after <see cref="IPlugin.Register"/> and before the generation
/// serves, and <see cref="StopAsync"/> when it stops serving (a reload, an unload, the host shutting
/// down), then <see cref="IDisposable.Dispose"/> if implemented. On reload the new generation starts
/// before the old one stops, unless the plugin's <c>plugin.toml</c> says <c>reload = "stop-first"</c>
/// (for exclusive resources such as a port). Each call has a time limit set by the host.
/// </summary>
public interface IPluginLifecycle
{
    /// <summary>Starts the plugin's work. Until it completes the generation does not serve; if it throws, the generation is not used.</summary>
    /// <param name="cancellationToken">Cancelled when the host gives up (its time limit passed, or it is shutting down).</param>
    /// <returns>A task that completes when the plugin is started.</returns>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops the plugin's work and releases what it opened. Calls already running into the generation have finished.</summary>
    /// <param name="cancellationToken">Cancelled when the host gives up waiting.</param>
    /// <returns>A task that completes when the plugin is stopped.</returns>
    Task StopAsync(CancellationToken cancellationToken);
}
