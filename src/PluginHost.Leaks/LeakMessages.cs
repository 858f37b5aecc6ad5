namespace PluginHost.Leaks;

/// <summary>Every message PluginHost.Leaks shows a user, in one place so they read alike.</summary>
internal static class LeakMessages
{
    public static string NotALeak(string plugin, int generation) =>
        $"The plugin '{plugin}' generation {generation} was collected, so there is no leak to explain. Pass only UnloadResults whose Collected is false.";

    public static string NotFromRetirer(string plugin, int generation) =>
        $"The UnloadResult of '{plugin}' generation {generation} does not identify a load context: it was not returned by PluginRuntime (ReloadAsync, UnloadAsync or the Reloaded event). Explain the result PluginHost gave you.";

    public static string PlatformUnsupported(string os) =>
        $"Leaks can be explained only on Linux and Windows, where .NET can take a snapshot of its own process; this is {os}. "
        + "Reproduce the leak on Linux or Windows, or take a dump with dotnet-dump and run `gcroot` on the plugin's objects.";

    public static string DiagnosticsDisabled() =>
        "Cannot take a snapshot of this process to explain the leak: DOTNET_EnableDiagnostics=0 turns off the runtime's diagnostics, which the snapshot needs. "
        + "Unset it (or set DOTNET_EnableDiagnostics_Debugger=1) for the process you want to explain.";

    public static string SnapshotFailed(int processId, string detail) =>
        $"Could not take a snapshot of this process (pid {processId}) to explain the leak: {detail} "
        + "On Linux the runtime's createdump writes it and needs to ptrace its own process: in a container, run with --cap-add=SYS_PTRACE "
        + "(or a seccomp profile that allows ptrace and process_vm_readv), keep /proc/sys/kernel/yama/ptrace_scope at 0 or 1, and leave room in the temp folder "
        + $"({Path.GetTempPath()}) for a file about the size of the process's memory.";

    public static string SnapshotUnreadable(string detail) =>
        $"A snapshot of this process was taken but could not be read to explain the leak: {detail} "
        + "The runtime's data access library (libmscordaccore.so or mscordaccore.dll beside System.Private.CoreLib) must match this runtime; a self-contained, trimmed or single-file app may lack it.";

    public static string TimedOut(IEnumerable<(string Plugin, int Generation)> leaks, TimeSpan timeout) =>
        $"Explaining the leak of {string.Join(", ", leaks.Select(l => $"'{l.Plugin}' generation {l.Generation}"))} took longer than the time limit of {timeout.TotalSeconds:0.#} s and was stopped; the snapshot's temporary file is removed when the abandoned work ends. "
        + "Raise LeakExplainerOptions.Timeout (a large heap takes longer to snapshot and walk), or explain fewer leaks at once.";

    public static string Collected(string plugin, int generation) =>
        $"{plugin} generation {generation} was collected after all by the time the snapshot was taken: it was slow to unload, not leaked.";

    public static string NoRootFound(string plugin, int generation) =>
        $"{plugin} generation {generation} is still alive, but no root reaches an object of its types: it is probably held by native code "
        + "(a COM or P/Invoke callback, a native thread) or by a thread that was between managed frames when the snapshot was taken. Explain it again.";

    public static string LeakedUnexplained(string leakReport, string whyNot) =>
        $"{leakReport} It could not be explained here: {whyNot}";
}
