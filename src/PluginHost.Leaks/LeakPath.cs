namespace PluginHost.Leaks;

/// <summary>
/// One root and the shortest chain of references from it to the first object that belongs to the leaked
/// generation: an instance of one of its types (generic instantiations over them included), a
/// <see cref="Type"/> object for one of them, or its load context itself.
/// </summary>
public sealed record LeakPath
{
    /// <summary>Where the chain starts.</summary>
    public required LeakRoot Root { get; init; }

    /// <summary>Each object on the way, root's object first and the plugin's object last.</summary>
    public required IReadOnlyList<LeakStep> Steps { get; init; }

    /// <summary>What was found at the end of the chain, such as <c>LeakZoo.TimerLeak</c> or <c>Type object for LeakZoo.JsonPayload</c>.</summary>
    public required string PluginObject { get; init; }

    /// <summary>What usually fixes a leak of this shape, when a known pattern matched; otherwise null.</summary>
    public string? Fix { get; init; }
}
