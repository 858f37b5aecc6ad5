namespace PluginHost.Reloading;

/// <summary>What <see cref="PendingBuild.Inspect"/> found: the verdict, why, and the changed files as inspected.</summary>
/// <param name="State">Whether to load now, look again shortly, or wait.</param>
/// <param name="Reason">Why it is not <see cref="Readiness.Complete"/> (or, when it is, which files make the build).</param>
/// <param name="Files">The changed files as inspected: what the watcher records as loaded once the reload starts.</param>
/// <param name="Entry">The new entry assembly, when it is among the changed files.</param>
internal sealed record BuildReadiness(Readiness State, string Reason, IReadOnlyList<InspectedFile> Files, InspectedFile? Entry);
