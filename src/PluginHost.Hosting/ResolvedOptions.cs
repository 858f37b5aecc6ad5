namespace PluginHost.Hosting;

/// <summary>What the options resolved to at start: the runtime's options (before the host's services and logger are added) and why hot reload is on or off.</summary>
/// <param name="Runtime">The runtime's options from the TOML file and the configuration keys together.</param>
/// <param name="HotReloadReason">Why hot reload is on or off, for the log line at start.</param>
internal sealed record ResolvedOptions(PluginRuntimeOptions Runtime, string HotReloadReason)
{
    /// <summary>The TOML file whose edits are not applied while running (keys add to its lists), for the log line at start; null when there is none.</summary>
    public string? EditsApplyAtNextStart { get; init; }
}
