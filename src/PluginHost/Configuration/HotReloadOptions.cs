namespace PluginHost.Configuration;

/// <summary>How the runtime watches plugin files and reloads them (<c>[hot_reload]</c> in TOML).</summary>
public sealed record HotReloadOptions
{
    /// <summary>False turns the watcher off for every plugin: load once, never watch (production).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// The quiet period: how long a plugin's files must go without a change before changes that do not make a
    /// complete build are loaded as they are. The watcher reloads a complete build at once (the entry assembly
    /// and the PDB it names written and whole, every changed assembly, PDB and JSON file whole, no writer holding
    /// one); what it cannot judge from content (plugin.toml, a native library, a dependency alone) or what still
    /// looks partial waits for this. When polling, the poll interval is added, so a burst seen over several polls
    /// is still one reload.
    /// </summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Poll file sizes and times instead of using file system events (also the automatic fallback when events fail).</summary>
    public bool UsePolling { get; init; }

    /// <summary>How often polling looks at the files.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a replaced generation's running calls may take to finish before it is released anyway.</summary>
    public TimeSpan QuiesceTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
