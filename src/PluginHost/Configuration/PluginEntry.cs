using PluginHost.Diagnostics;

namespace PluginHost.Configuration;

/// <summary>One item of the configuration's <c>plugins</c> list.</summary>
public sealed record PluginEntry
{
    /// <summary>The plugin's name, resolved through the search path and the finder chain.</summary>
    public required string Name { get; init; }

    /// <summary>False to keep the plugin listed but not load it (<c>enabled = false</c>).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>False to never watch or hot-reload this plugin (<c>hot_reload = false</c>).</summary>
    public bool HotReload { get; init; } = true;

    /// <summary>Settings handed to the plugin as <see cref="IPluginContext.Settings"/>.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// An explicit location (<c>path = "..."</c>): the plugin's entry assembly, or a folder holding
    /// <c>&lt;Name&gt;.dll</c>, as a full path. When set, the search path and the finder chain are not
    /// consulted for this name (Python's <c>spec_from_file_location</c>).
    /// </summary>
    public string? Path { get; init; }

    /// <summary>
    /// A NuGet version constraint (<c>version = "[1.0,2.0)"</c>) for a plugin found in a package feed: the
    /// highest version in the range is taken. Null takes the highest version in the feed. Read by the
    /// PluginHost.NuGet package, which checks it is a NuGet version range.
    /// </summary>
    public string? Version { get; init; }

    /// <summary>Where <see cref="Version"/> is written in the configuration file, when it came from one.</summary>
    public SourceLocation? VersionLocation { get; init; }

    /// <summary>Where the entry stands in the configuration file, when it came from one.</summary>
    public SourceLocation? Location { get; init; }
}
