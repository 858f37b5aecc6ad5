namespace PluginHost.Configuration;

/// <summary>
/// How long plugin code may take in each phase of its life (<c>[timeouts]</c> in TOML). A plugin that
/// takes longer fails that phase with a message naming it, the phase and the limit; its generation is
/// abandoned (its code may still run, so its load context cannot be unloaded) and the host goes on.
/// </summary>
public sealed record PluginTimeouts
{
    /// <summary>The limit for <see cref="IPlugin.Register"/>. Default 30 s.</summary>
    public TimeSpan Register { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The limit for <see cref="IPluginLifecycle.StartAsync"/>. Default 30 s.</summary>
    public TimeSpan Start { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The limit for <see cref="IPluginLifecycle.StopAsync"/>. Default 30 s.</summary>
    public TimeSpan Stop { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The limit for the plugin's <see cref="IDisposable.Dispose"/>. Default 30 s.</summary>
    public TimeSpan Dispose { get; init; } = TimeSpan.FromSeconds(30);
}
