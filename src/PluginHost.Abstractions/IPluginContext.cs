using Serilog;

namespace PluginHost;

/// <summary>What the host gives a plugin while it registers.</summary>
public interface IPluginContext
{
    /// <summary>The name the plugin was imported under.</summary>
    string Name { get; }

    /// <summary>The folder the plugin's entry assembly was loaded from, for files shipped beside it.</summary>
    string Directory { get; }

    /// <summary>A logger whose events carry the plugin's name in the <c>Plugin</c> property.</summary>
    ILogger Logger { get; }

    /// <summary>Per-plugin settings from the host's TOML file (<c>settings = { key = "value" }</c>).</summary>
    IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>Where the plugin registers what it contributes, and reaches what others contributed.</summary>
    IPluginRegistry Registry { get; }

    /// <summary>
    /// Imports another plugin by name, exactly as the host does: a plugin already loaded is returned
    /// from the cache without running its <see cref="IPlugin.Register"/> again. Importing the plugin
    /// that is registering returns its own, partially registered module.
    /// </summary>
    /// <param name="name">The plugin's name.</param>
    /// <returns>The imported plugin.</returns>
    /// <exception cref="Exception">The host's import exception when the plugin cannot be found, loaded or registered.</exception>
    IPluginModule Import(string name);
}
