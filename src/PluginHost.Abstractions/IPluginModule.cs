namespace PluginHost;

/// <summary>
/// A plugin as the host's cache holds it: PluginHost's counterpart of a Python module object.
/// </summary>
public interface IPluginModule
{
    /// <summary>The name the plugin was imported under.</summary>
    string Name { get; }

    /// <summary>Where the plugin was loaded from, such as the path of its entry assembly.</summary>
    string Origin { get; }

    /// <summary>Which load of this plugin this is: 1 for the first, one more for each reload.</summary>
    int Generation { get; }

    /// <summary>Where the plugin is in its life.</summary>
    PluginState State { get; }

    /// <summary>The plugin's <see cref="IPlugin"/> instance.</summary>
    /// <exception cref="ObjectDisposedException">This generation was unloaded; import the plugin again to reach the current one.</exception>
    IPlugin Instance { get; }
}
