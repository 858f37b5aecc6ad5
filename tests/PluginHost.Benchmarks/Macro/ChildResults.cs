using System.Text.Json;

namespace PluginHost.Benchmarks.Macro;

/// <summary>What a measured child process prints as one JSON line for the driver.</summary>
internal static class ChildResults
{
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}

/// <summary>One startup run: ImportAll (or the raw loop) wall time, and time since the process started.</summary>
internal sealed record StartupResult(double ImportMs, double SinceProcessStartMs, int Loaded, int GcCount, double GcPauseMs);

/// <summary>The process's footprint after a number of cycles; plugin assemblies are those in collectible contexts.</summary>
internal sealed record SoakCheckpoint(int Cycle, double WorkingSetMb, double ManagedMb, int LoadContexts, int Assemblies, int PluginAssemblies);

/// <summary>A whole soak: checkpoints, per-cycle phase timings, and how many generations were not collected.</summary>
internal sealed record SoakResult(
    IReadOnlyList<SoakCheckpoint> Checkpoints,
    IReadOnlyList<double> ImportMs,
    IReadOnlyList<double> UnloadMs,
    IReadOnlyList<double> RawCycleMs,
    int Leaks);

/// <summary>
/// Last write → new generation committed, per reload (ms): for complete builds, and for changes that wait the
/// quiet period (the watcher's debounce); failed reloads; copies that had to be retried because a reader held the file.
/// </summary>
internal sealed record ReloadLatencyResult(IReadOnlyList<double> LatencyMs, IReadOnlyList<double> FallbackMs, double DebounceMs, int Failures, int Collisions);

/// <summary>A reload soak: footprint checkpoints, per-reload time, generations not collected, failed reloads.</summary>
internal sealed record ReloadSoakResult(IReadOnlyList<SoakCheckpoint> Checkpoints, IReadOnlyList<double> ReloadMs, int Leaks, int Failures);

/// <summary>
/// One ImportAll (or bare loop) over generated plugins: wall time, GCs, bytes allocated per plugin, for
/// the host the mean of each import phase per plugin (µs), and the process's memory mappings at the end
/// (lines of /proc/self/maps; 0 where there is no such file).
/// </summary>
internal sealed record ScaleResult(
    double ImportMs, int Loaded, int GcCount, double GcPauseMs, double AllocatedPerPlugin,
    double FindUs, double ContextUs, double AssemblyUs, double RegisterUs, int Mappings);

/// <summary>Retiring every plugin at once: the runtime's disposal (verified) against bare contexts unloaded and verified together.</summary>
internal sealed record RetireResult(double HostMs, double BareMs, int Loaded, int Leaks, int BareCollected);

/// <summary>One cost measured on its own, per operation: McMaster's per-context resolver, or a round trip to a parked thread.</summary>
internal sealed record MicrosecondsResult(double Microseconds);
