namespace PluginHost;

/// <summary>
/// The hook a plugin implements. The host creates one instance per loaded generation of the plugin
/// (through a public parameterless constructor) and calls <see cref="Register"/> exactly once on it.
/// </summary>
/// <remarks>
/// A plugin that holds resources (timers, threads, event subscriptions) should also implement
/// <see cref="IDisposable"/>: the host calls <see cref="IDisposable.Dispose"/> before it releases the
/// plugin's load context, which is what lets the context be collected.
/// </remarks>
public interface IPlugin
{
    /// <summary>Adds the plugin's contributions to <see cref="IPluginContext.Registry"/>.</summary>
    /// <param name="context">The plugin's name, folder, logger, settings, registry and importer.</param>
    /// <remarks>
    /// An exception thrown here fails this plugin only: the host discards whatever it registered,
    /// unloads it, reports the error with the plugin's name and goes on with the other plugins.
    /// </remarks>
    void Register(IPluginContext context);
}
