using PluginHost.Diagnostics;

namespace PluginHost.Results;

/// <summary>
/// What applying an edited configuration did (<see cref="PluginRuntime.ApplyConfigurationAsync"/>, or a
/// watcher that saw the TOML file change). An edit that is not a valid configuration changes nothing and
/// says why in <see cref="Error"/>. A valid one is applied plugin by plugin, each change its own
/// transaction: a plugin whose reload fails keeps serving its old generation, one whose import fails is
/// not loaded (and watched, to import it once its build is fixed), and the others go on.
/// </summary>
public sealed record ConfigurationChangeResult
{
    /// <summary>What started it, such as <c>plugins.toml changed</c>.</summary>
    public required string Trigger { get; init; }

    /// <summary>Why the edit was rejected, with the file, line and column; null when it was applied.</summary>
    public PluginConfigurationException? Error { get; init; }

    /// <summary>The plugins removed from the list or disabled, unloaded in the order they were listed.</summary>
    public IReadOnlyList<UnloadResult> Unloaded { get; init; } = [];

    /// <summary>
    /// The plugins reloaded because their settings, pinned path or version changed, or because the new
    /// search path resolves them to other files; each as its own reload, dependents included.
    /// </summary>
    public IReadOnlyList<ReloadResult> Reloaded { get; init; } = [];

    /// <summary>The plugins added or enabled, each as an import from generation 0, in configuration order.</summary>
    public IReadOnlyList<ReloadResult> Imported { get; init; } = [];

    /// <summary>
    /// The keys that changed but take effect only when a runtime is created (<c>shared_assemblies</c>,
    /// <c>finders</c>, <c>[timeouts]</c> …): left as they were; restart the host to apply them.
    /// </summary>
    public IReadOnlyList<string> RestartRequired { get; init; } = [];

    /// <summary>True when the edit was valid and every plugin it touched reloaded, imported or unloaded.</summary>
    public bool Succeeded => Error is null && Reloaded.All(r => r.Succeeded) && Imported.All(r => r.Succeeded);

    /// <summary>True when the edit changed nothing the runtime acts on (a comment, white space, the order of keys).</summary>
    public bool Unchanged => Error is null && Unloaded.Count == 0 && Reloaded.Count == 0 && Imported.Count == 0 && RestartRequired.Count == 0;
}
