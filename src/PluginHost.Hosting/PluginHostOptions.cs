using PluginHost.Configuration;

namespace PluginHost.Hosting;

/// <summary>
/// What <see cref="PluginHostServiceCollectionExtensions.AddPluginHost"/> builds the runtime from: bound
/// from the configuration section <see cref="SectionName"/> (same key names), then changed by the
/// <c>configure</c> callback, and checked when the host starts. A TOML file (<see cref="ConfigurationFile"/>)
/// gives the base; every key set here adds to it (lists) or overrides it (single values).
/// </summary>
/// <remarks>
/// Mutable, unlike <see cref="PluginRuntimeOptions"/>, because the options pattern configures one instance
/// in steps (configuration, then code). What the runtime is finally given is immutable.
/// </remarks>
public sealed class PluginHostOptions
{
    /// <summary>The configuration section the options are read from: <c>PluginHost</c>.</summary>
    public const string SectionName = "PluginHost";

    /// <summary>
    /// A TOML configuration file (the format <c>pluginhost</c> and <see cref="HostConfiguration.Load(string)"/>
    /// read), relative to the host's content root. Paths inside it stay relative to the file itself.
    /// </summary>
    public string? ConfigurationFile { get; set; }

    /// <summary>
    /// Folders searched for plugins, relative to the content root; after <c>PLUGINHOST_PATH</c> and the TOML
    /// file's <c>search_paths</c>.
    /// </summary>
    public IList<string> SearchPaths { get; } = [];

    /// <summary>
    /// The plugins imported when the host starts, after the TOML file's; a plugin may not be listed in both.
    /// A relative <see cref="PluginEntry.Path"/> is relative to the content root.
    /// </summary>
    public IList<PluginEntry> Plugins { get; } = [];

    /// <summary>
    /// Assemblies (simple names) every plugin resolves from the host, besides the TOML file's, the contracts
    /// of <see cref="PluginHostBuilder.AddExtension{TContract}"/>, and the always-shared
    /// <c>Microsoft.Extensions.Logging.Abstractions</c> and <c>Microsoft.Extensions.DependencyInjection.Abstractions</c>.
    /// </summary>
    public IList<string> SharedAssemblies { get; } = [];

    /// <summary>
    /// Whether plugins are watched and reloaded when their files change. Null (the default) means: on in the
    /// Development environment, off in any other, and off wherever the TOML file says
    /// <c>[hot_reload] enabled = false</c>. True or false overrides both.
    /// </summary>
    public bool? HotReload { get; set; }

    /// <summary>How long a plugin's files must be quiet before it reloads; null keeps the TOML file's (or 50 ms).</summary>
    public TimeSpan? HotReloadDebounce { get; set; }

    /// <summary>Poll file sizes and times instead of using file system events; null keeps the TOML file's (or false).</summary>
    public bool? HotReloadPolling { get; set; }

    /// <summary>The limit for a plugin's <see cref="IPlugin.Register"/>; null keeps the TOML file's (or 30 s).</summary>
    public TimeSpan? RegisterTimeout { get; set; }

    /// <summary>The limit for a plugin's <see cref="IPluginLifecycle.StartAsync"/>; null keeps the TOML file's (or 30 s).</summary>
    public TimeSpan? StartTimeout { get; set; }

    /// <summary>The limit for a plugin's <see cref="IPluginLifecycle.StopAsync"/>; null keeps the TOML file's (or 30 s).</summary>
    public TimeSpan? StopTimeout { get; set; }

    /// <summary>The limit for a plugin's <see cref="IDisposable.Dispose"/>; null keeps the TOML file's (or 30 s).</summary>
    public TimeSpan? DisposeTimeout { get; set; }

    /// <summary>Where each value read from configuration came from, and what was wrong with the ones that could not be read.</summary>
    internal OptionSources Sources { get; } = new();

    /// <summary>The runtime's options, once resolved at start (<see cref="OptionsResolver"/>); null while they have problems.</summary>
    internal ResolvedOptions? Resolved { get; set; }
}
