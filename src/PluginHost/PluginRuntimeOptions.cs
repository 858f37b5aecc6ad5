using System.Runtime.Loader;
using PluginHost.Configuration;
using PluginHost.Finding;
using PluginHost.Hooks;
using PluginHost.Runtime;
using PluginHost.Trust;
using Serilog;

namespace PluginHost;

/// <summary>How a <see cref="PluginRuntime"/> finds plugins, what it imports, and what it waits with.</summary>
public sealed record PluginRuntimeOptions
{
    /// <summary>The folders the built-in directory finder searches, in order.</summary>
    public IReadOnlyList<string> SearchPaths { get; init; } = [];

    /// <summary>The configured plugins: what <see cref="PluginRuntime.ImportAll"/> imports, and the settings each one gets.</summary>
    public IReadOnlyList<PluginEntry> Plugins { get; init; } = [];

    /// <summary>How plugin files are watched and reloaded (<see cref="PluginRuntime.StartWatching"/>).</summary>
    public HotReloadOptions HotReload { get; init; } = new();

    /// <summary>
    /// Finders put around the built-in directory finder when the runtime is created: those at
    /// <see cref="FinderPosition.First"/> before it, in list order, those at <see cref="FinderPosition.Last"/>
    /// after it, in list order. <see cref="PluginRuntime.Finders"/> can still change afterwards.
    /// </summary>
    public IReadOnlyList<FinderRegistration> Finders { get; init; } = [];

    /// <summary>
    /// Custom finders described by a configuration (<c>finders = [...]</c>): the runtime loads each one's
    /// assembly into a collectible context, creates it once, and releases it when it is disposed. They go
    /// first among the finders of their position.
    /// </summary>
    public IReadOnlyList<FinderDescriptor> CustomFinders { get; init; } = [];

    /// <summary>
    /// Assemblies (simple names, such as <c>MyApp.Contracts</c>) every plugin resolves from
    /// <see cref="SharedContext"/> instead of its own folder, so the host and every plugin see the same
    /// types. <c>PluginHost.Abstractions</c> and Serilog are always shared. A plugin built against a newer
    /// version than the host's, or against one the host lacks, fails to import with both versions named.
    /// </summary>
    public IReadOnlyList<string> SharedAssemblies { get; init; } = [];

    /// <summary>
    /// Where shared assemblies come from: the host's default context when null. A plugin that creates a
    /// runtime of its own passes its own context, so its sub-plugins share its contracts.
    /// </summary>
    public AssemblyLoadContext? SharedContext { get; init; }

    /// <summary>How long plugin code may take in Register, start, stop and dispose before it is abandoned.</summary>
    public PluginTimeouts Timeouts { get; init; } = new();

    /// <summary>The clock every wait of the runtime uses: debounce, polling, quiesce, collection checks. Tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// The plugins' files pinned by hash (<c>pluginhost lock</c>): when set, a plugin not in it, or whose
    /// files differ from it, are missing or extra, fails to import with <see cref="Diagnostics.ImportFailure.LockMismatch"/>
    /// before anything of it loads. Null pins nothing.
    /// </summary>
    public PluginLock? Lock { get; init; }

    /// <summary>
    /// For development with a lock (<c>pluginhost watch --relock</c>): a reload of a locked plugin whose files
    /// changed is accepted, and its new files are pinned in the lock file, instead of being refused. A
    /// first import is always checked against the lock. Default false.
    /// </summary>
    public bool RelockOnReload { get; init; }

    /// <summary>
    /// The configuration file these options came from, when they did: a search path that is a symlink to
    /// outside its folder is warned about.
    /// </summary>
    public string? ConfigurationFile { get; init; }

    /// <summary>
    /// The logger the runtime writes to. Defaults to Serilog's <see cref="Log.Logger"/>; while that is still
    /// Serilog's silent default (nobody configured logging), warnings and errors go to the standard error
    /// stream instead of nowhere.
    /// </summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// The host's services, handed to every plugin as <see cref="IPluginContext.Services"/>. Only services
    /// whose types come from assemblies shared with the plugins (<see cref="SharedAssemblies"/>) are of use
    /// to them. Defaults to a provider that resolves nothing; the Generic Host integration
    /// (PluginHost.Hosting) passes the application's.
    /// </summary>
    public IServiceProvider Services { get; init; } = NoServices.Instance;

    /// <summary>The configuration these options were made from, when they were: what an edit of its file is compared with.</summary>
    internal HostConfiguration? Source { get; init; }

    /// <summary>Options that search and import what a configuration file says. Nothing is loaded until a runtime is created from them.</summary>
    /// <param name="configuration">The configuration, usually from <see cref="HostConfiguration.Load(string)"/>.</param>
    /// <returns>The options.</returns>
    /// <exception cref="Diagnostics.PluginConfigurationException">The configuration's lock file is not valid, or <c>require_lock = true</c> and it is missing;
    /// or a key needs a package the application does not reference (<c>source_paths</c>: PluginHost.CSharp; <c>nuget_feeds</c>, <c>version</c>: PluginHost.NuGet),
    /// or that package rejects its value (a <c>version</c> that is no NuGet range). Every problem is listed with where it is written.</exception>
    public static PluginRuntimeOptions FromConfiguration(HostConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new PluginRuntimeOptions
        {
            SearchPaths = [.. configuration.SearchPaths.Select(p => p.Path)],
            Plugins = configuration.Plugins,
            HotReload = configuration.HotReload,
            Finders = ConfiguredFinders.Create(configuration),
            CustomFinders = configuration.Finders,
            SharedAssemblies = configuration.SharedAssemblies,
            Timeouts = configuration.Timeouts,
            Lock = PluginLock.For(configuration),
            ConfigurationFile = configuration.SourceFile,
            Source = configuration,
        };
    }
}
