using PluginHost.Diagnostics;

namespace PluginHost.Configuration;

/// <summary>
/// A host configuration: the search path and the plugins to import, in order. Read one from TOML with
/// <see cref="Load(string)"/>.
/// </summary>
public sealed record HostConfiguration
{
    /// <summary>The name of the environment variable that adds search paths, like <c>PYTHONPATH</c>.</summary>
    public const string SearchPathVariable = Messages.SearchPathVariable;

    /// <summary>The file the configuration was read from, when it came from one.</summary>
    public string? SourceFile { get; init; }

    /// <summary>The folders plugins are looked for in, in order: <c>PLUGINHOST_PATH</c> first, then <c>search_paths</c>.</summary>
    public IReadOnlyList<SearchPathEntry> SearchPaths { get; init; } = [];

    /// <summary>Folders of C# source plugins (<c>source_paths</c>), compiled on import by the PluginHost.CSharp package; empty for none.</summary>
    public IReadOnlyList<string> SourcePaths { get; init; } = [];

    /// <summary>Folders of <c>.nupkg</c> files (<c>nuget_feeds</c>), searched by the PluginHost.NuGet package for plugins shipped as packages; empty for none.</summary>
    public IReadOnlyList<string> NuGetFeeds { get; init; } = [];

    /// <summary>Custom finders from <c>finders = [...]</c>, described; the runtime creates them.</summary>
    public IReadOnlyList<FinderDescriptor> Finders { get; init; } = [];

    /// <summary>
    /// Assemblies of the host every plugin resolves from the host, never from its own folder
    /// (<c>shared_assemblies</c>): the host's contracts, so a plugin's implementation is the host's type.
    /// </summary>
    public IReadOnlyList<string> SharedAssemblies { get; init; } = [];

    /// <summary>How long plugin code may take in each phase (<c>[timeouts]</c>).</summary>
    public PluginTimeouts Timeouts { get; init; } = new();

    /// <summary>The plugins to import, in load order.</summary>
    public IReadOnlyList<PluginEntry> Plugins { get; init; } = [];

    /// <summary>How plugin files are watched and reloaded (<c>[hot_reload]</c>).</summary>
    public HotReloadOptions HotReload { get; init; } = new();

    /// <summary>
    /// The lock file beside the configuration (<c>plugins.toml</c> → <c>plugins.lock.json</c>), whether or
    /// not it exists; null when the configuration came from no file. When it exists, the runtime refuses any
    /// plugin whose files differ from it.
    /// </summary>
    public string? LockFile { get; init; }

    /// <summary>
    /// <c>require_lock = true</c>: a missing <see cref="LockFile"/> is a configuration error (reported when
    /// runtime options are made from the configuration), instead of meaning "no plugin is pinned".
    /// </summary>
    public bool RequireLock { get; init; }

    /// <summary>Where <c>require_lock</c> was set, for the error when the lock file is missing.</summary>
    internal SourceLocation? RequireLockLocation { get; init; }

    /// <summary>Where <c>source_paths</c> is written, for the error when the package it needs is missing.</summary>
    internal SourceLocation? SourcePathsLocation { get; init; }

    /// <summary>Where <c>nuget_feeds</c> is written, for the error when the package it needs is missing.</summary>
    internal SourceLocation? NuGetFeedsLocation { get; init; }

    /// <summary>
    /// Reads a TOML configuration file. Relative paths in it resolve against the file's folder; the
    /// folders in the <c>PLUGINHOST_PATH</c> environment variable come first in the search path.
    /// </summary>
    /// <param name="path">The TOML file.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="PluginConfigurationException">The file is missing, not valid TOML, or not a valid configuration; every problem is listed with its file, line and column.</exception>
    public static HostConfiguration Load(string path) =>
        Load(path, Environment.GetEnvironmentVariable(SearchPathVariable));

    /// <summary>The lock file of a configuration file: beside it, its extension replaced by <c>.lock.json</c>.</summary>
    /// <param name="configurationFile">The configuration file.</param>
    /// <returns>The lock file's full path.</returns>
    public static string LockFileFor(string configurationFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(configurationFile);
        return System.IO.Path.ChangeExtension(System.IO.Path.GetFullPath(configurationFile), ".lock.json");
    }

    internal static HostConfiguration Load(string path, string? environmentSearchPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = path;
        string text;
        try
        {
            fullPath = System.IO.Path.GetFullPath(path);
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new PluginConfigurationException(
                fullPath, [new ConfigurationError(new SourceLocation(fullPath, 1, 1), Messages.ConfigurationUnreadable(e))]);
        }

        return TomlConfigurationReader.Read(fullPath, text, environmentSearchPath);
    }
}
