using PluginHost.Diagnostics;

namespace PluginHost.Results;

/// <summary>What one reload did: the new generation, or why the old one keeps serving; and whether the old one was collected.</summary>
public sealed record ReloadResult
{
    /// <summary>The plugin's name.</summary>
    public required string Name { get; init; }

    /// <summary>What caused the reload: a changed file's name, an API call, or a reloaded dependency.</summary>
    public required string Trigger { get; init; }

    /// <summary>
    /// The generation that was serving when the reload started; 0 when none was: the watcher imported a
    /// configured plugin that was not loaded (or a reload was asked of a plugin that is not loaded).
    /// </summary>
    public required int OldGeneration { get; init; }

    /// <summary>The generation serving now; null when the reload failed and the old one kept serving.</summary>
    public int? NewGeneration { get; init; }

    /// <summary>Why the reload failed; null when it succeeded.</summary>
    public PluginImportException? Error { get; init; }

    /// <summary>From the start of the reload until the new generation's Register was done and committed.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Whether the replaced generation's context was verified collected; null when nothing was replaced.</summary>
    public UnloadResult? Unload { get; init; }

    /// <summary>Plugins that had imported this one and were reloaded after it, in dependency order.</summary>
    public IReadOnlyList<ReloadResult> Dependents { get; init; } = [];

    /// <summary>True when the new generation is serving.</summary>
    public bool Succeeded => Error is null && NewGeneration is not null;

    /// <summary>
    /// Runs the first import of a plugin that was not loaded (one added to the configuration, one whose files
    /// appeared) and reports it as a reload from generation 0, the way the watcher and live edits report it.
    /// </summary>
    internal static ReloadResult OfFirstImport(string name, string trigger, Func<string, LoadedPlugin> import)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var plugin = import(name);
            return new ReloadResult { Name = name, Trigger = trigger, OldGeneration = 0, NewGeneration = plugin.Generation, Elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started) };
        }
        catch (PluginImportException e)
        {
            return new ReloadResult { Name = name, Trigger = trigger, OldGeneration = 0, Error = e, Elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started) };
        }
    }
}
