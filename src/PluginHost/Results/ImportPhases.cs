namespace PluginHost.Results;

/// <summary>How long each phase of one import took (Python's <c>-X importtime</c>, split by phase).</summary>
public sealed record ImportPhases
{
    /// <summary>Resolving the name: the pinned path or the finder chain, the manifest, and the shadow scan.</summary>
    public TimeSpan Find { get; init; }

    /// <summary>Importing the plugins the manifest requires (their own phases are in their own traces).</summary>
    public TimeSpan Requirements { get; init; }

    /// <summary>Creating the plugin's collectible load context (reading its <c>.deps.json</c>).</summary>
    public TimeSpan LoadContext { get; init; }

    /// <summary>Loading the entry assembly into that context and creating the plugin object.</summary>
    public TimeSpan LoadAssembly { get; init; }

    /// <summary>Running the plugin's <see cref="IPlugin.Register"/>, imports made from it included.</summary>
    public TimeSpan Register { get; init; }

    /// <summary>The plugin's own time: every phase but <see cref="Requirements"/>.</summary>
    public TimeSpan Self => Find + LoadContext + LoadAssembly + Register;

    /// <summary>The whole import, requirements included.</summary>
    public TimeSpan Total => Self + Requirements;
}
