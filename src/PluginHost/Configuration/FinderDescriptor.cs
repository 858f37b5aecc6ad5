using PluginHost.Diagnostics;

namespace PluginHost.Configuration;

/// <summary>
/// A custom finder as the configuration names it (<c>finders = [{ type, assembly, position, settings }]</c>):
/// only a description. Reading a configuration loads nothing; the runtime loads the finder's assembly
/// and creates it once, and releases it when the runtime is disposed.
/// </summary>
public sealed record FinderDescriptor
{
    /// <summary>The finder's full type name, namespace included.</summary>
    public required string Type { get; init; }

    /// <summary>The full path of the finder's assembly.</summary>
    public required string Assembly { get; init; }

    /// <summary>Before or after the built-in directory finder.</summary>
    public FinderPosition Position { get; init; } = FinderPosition.Last;

    /// <summary>The settings handed to the finder's constructor.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The folder relative paths in the settings are relative to: the configuration file's.</summary>
    public string ConfigurationDirectory { get; init; } = string.Empty;

    /// <summary>Where the finder is written in the configuration file, when it came from one.</summary>
    public SourceLocation? Location { get; init; }
}
