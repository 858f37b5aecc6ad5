namespace PluginHost.Configuration;

/// <summary>
/// What a plugin says about itself in the optional <c>plugin.toml</c> beside its entry assembly: read by
/// the finder step, before anything is loaded, so <c>which</c> and dependency ordering need no assembly.
/// </summary>
public sealed record PluginManifest
{
    /// <summary>The manifest's file name: <c>plugin.toml</c>.</summary>
    public const string FileName = "plugin.toml";

    /// <summary>The full path of the <c>plugin.toml</c> file.</summary>
    public required string File { get; init; }

    /// <summary>The plugin's name, when the manifest gives one; it must match the name imported.</summary>
    public string? Name { get; init; }

    /// <summary>The plugin's SemVer 2.0 version; it wins over the entry assembly's version.</summary>
    public string? Version { get; init; }

    /// <summary>A one-line description for listings.</summary>
    public string? Description { get; init; }

    /// <summary>The entry assembly's file name, relative to the manifest's folder; defaults to <c>&lt;Name&gt;.dll</c>.</summary>
    public string? Entry { get; init; }

    /// <summary>The plugins this one needs, each imported (and version-checked) before this one loads.</summary>
    public IReadOnlyList<PluginRequirement> Requires { get; init; } = [];

    /// <summary>Extra assembly names resolved from the host's default context, so their types match the host's.</summary>
    public IReadOnlyList<string> SharedAssemblies { get; init; } = [];

    /// <summary>How its generations overlap on reload: <c>reload = "stop-first"</c> for exclusive resources.</summary>
    public ReloadOrder Reload { get; init; } = ReloadOrder.Overlap;
}
