namespace PluginHost.Configuration;

/// <summary>How the runtime watches plugin files and reloads them (<c>[hot_reload]</c> in TOML).</summary>
public sealed record HotReloadOptions
{
    /// <summary>False turns the watcher off for every plugin: load once, never watch (production).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How long a plugin's files must be quiet before it reloads; a build's burst of writes becomes one reload. When polling, the poll interval is added, so a burst seen over several polls is still one reload.</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Poll file sizes and times instead of using file system events (also the automatic fallback when events fail).</summary>
    public bool UsePolling { get; init; }

    /// <summary>How often polling looks at the files.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a replaced generation's running calls may take to finish before it is released anyway.</summary>
    public TimeSpan QuiesceTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
