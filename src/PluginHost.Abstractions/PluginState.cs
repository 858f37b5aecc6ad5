namespace PluginHost;

/// <summary>Where a loaded plugin is in its life.</summary>
public enum PluginState
{
    /// <summary>Its <see cref="IPlugin.Register"/> is running; it is in the cache already (a partial module).</summary>
    Registering,

    /// <summary>Registered and serving.</summary>
    Ready,

    /// <summary>Its registration failed; it was removed from the cache.</summary>
    Failed,

    /// <summary>Unloaded: its registrations are gone and its load context was released.</summary>
    Unloaded,
}
