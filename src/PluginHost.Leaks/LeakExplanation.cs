namespace PluginHost.Leaks;

/// <summary>Why one retired plugin generation was not collected: every distinct root holding it, each with its path.</summary>
public sealed record LeakExplanation
{
    /// <summary>The plugin's name.</summary>
    public required string Plugin { get; init; }

    /// <summary>The generation that leaked.</summary>
    public required int Generation { get; init; }

    /// <summary>False when the context turned out collected after all by the time the snapshot was taken; then there is nothing to explain.</summary>
    public required bool StillAlive { get; init; }

    /// <summary>One path per distinct root, in the order found (static fields, thread stacks, GC handles, the finalizer queue).</summary>
    public IReadOnlyList<LeakPath> Paths { get; init; } = [];

    /// <summary>Roots found beyond <see cref="LeakExplainerOptions.MaxPaths"/> and not listed.</summary>
    public int OmittedPaths { get; init; }

    /// <summary>The explanation in plain words, as <c>pluginhost watch --explain-leaks</c> prints it.</summary>
    public override string ToString() => ExplanationFormatter.Format(this);
}
