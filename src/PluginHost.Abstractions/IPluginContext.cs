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
    /// The host's services, for a plugin that needs what the application provides: in a Generic Host
    /// (PluginHost.Hosting), the application's own service provider; otherwise an empty provider that
    /// resolves nothing.
    /// </summary>
    /// <remarks>
    /// A service resolves to the host's instance only when its type comes from an assembly the host
    /// shares with its plugins: the application's contracts (<c>shared_assemblies</c>), and, under the
    /// Generic Host, <c>Microsoft.Extensions.Logging.Abstractions</c> (so <c>ILogger&lt;T&gt;</c> works) and
    /// <c>Microsoft.Extensions.DependencyInjection.Abstractions</c>. Asking for a type from the plugin's own
    /// copy of an assembly the host does not share finds nothing (null). Resolve what you need in
    /// <see cref="IPlugin.Register"/> or <see cref="IPluginLifecycle.StartAsync"/>, and do not leave
    /// anything of the plugin (handlers, callbacks) inside a host service: that would keep the unloaded
    /// generation in memory.
    /// </remarks>
    IServiceProvider Services { get; }

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
