using System.Runtime.InteropServices;
using Microsoft.Diagnostics.Runtime;

namespace PluginHost.Leaks;

/// <summary>
/// A snapshot of this process, attached with ClrMD. On Linux the runtime's createdump writes it to a
/// temporary file, which disposing removes; on Windows it is a process snapshot (PSS) in memory.
/// </summary>
internal sealed class HeapSnapshot : IDisposable
{
    private readonly DataTarget _target;

    private HeapSnapshot(DataTarget target, ClrRuntime runtime, string? file, long bytes)
    {
        _target = target;
        Runtime = runtime;
        File = file;
        Bytes = bytes;
    }

    public ClrRuntime Runtime { get; }

    /// <summary>The temporary file the snapshot was written to, when there is one.</summary>
    public string? File { get; }

    /// <summary>The size of that file; 0 when the snapshot is not a file.</summary>
    public long Bytes { get; }

    /// <exception cref="LeakSnapshotException">The platform or the container does not allow a snapshot, or it cannot be read.</exception>
    public static HeapSnapshot Take() => Take(pid => DataTarget.CreateSnapshotAndAttach(pid));

    /// <summary>Takes the snapshot with <paramref name="attach"/>, which tests replace to see the failure messages.</summary>
    /// <exception cref="LeakSnapshotException">The platform or the container does not allow a snapshot, or it cannot be read.</exception>
    internal static HeapSnapshot Take(Func<int, DataTarget> attach)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows())
        {
            throw new LeakSnapshotException(LeakMessages.PlatformUnsupported(RuntimeInformation.OSDescription));
        }

        if (Environment.GetEnvironmentVariable("DOTNET_EnableDiagnostics") == "0")
        {
            throw new LeakSnapshotException(LeakMessages.DiagnosticsDisabled());
        }

        DataTarget target;
        try
        {
            target = attach(Environment.ProcessId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new LeakSnapshotException(LeakMessages.SnapshotFailed(Environment.ProcessId, e.Message), e);
        }

        var file = target.DataReader.DisplayName;
        var info = new FileInfo(file);
        try
        {
            return new HeapSnapshot(target, CreateRuntime(target), info.Exists ? info.FullName : null, info.Exists ? info.Length : 0);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            target.Dispose();
            RemoveFile(info.Exists ? info.FullName : null);
            throw new LeakSnapshotException(LeakMessages.SnapshotUnreadable(e.Message), e);
        }
    }

    public void Dispose()
    {
        Runtime.Dispose();
        _target.Dispose();
        RemoveFile(File);
    }

    // The DAC beside this runtime matches it exactly; ClrMD's own look-up wants a version the snapshot may not carry.
    private static ClrRuntime CreateRuntime(DataTarget target)
    {
        var clr = target.ClrVersions.FirstOrDefault() ?? throw new InvalidOperationException("The snapshot contains no .NET runtime.");
        var dac = Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), DacFileName);
        return System.IO.File.Exists(dac) ? clr.CreateRuntime(dac, ignoreMismatch: true) : clr.CreateRuntime();
    }

    private static string DacFileName =>
        OperatingSystem.IsWindows() ? "mscordaccore.dll" : OperatingSystem.IsMacOS() ? "libmscordaccore.dylib" : "libmscordaccore.so";

    // ClrMD deletes its temporary dump on dispose; this only makes sure, since it can be hundreds of megabytes.
    private static void RemoveFile(string? file)
    {
        if (file is not null && file.StartsWith(Path.GetTempPath(), StringComparison.Ordinal))
        {
            try
            {
                System.IO.File.Delete(file);
            }
            catch (IOException)
            {
                // Still open elsewhere: the temp folder's cleanup gets it.
            }
        }
    }
}
