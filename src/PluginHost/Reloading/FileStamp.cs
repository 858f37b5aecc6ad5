namespace PluginHost.Reloading;

/// <summary>
/// What a file was when the watcher last looked: its length, its last write time and, for the files it
/// reads (assemblies, PDBs, JSON), a hash of the content. The hash is what tells two writes apart that
/// landed within one tick of the file system's clock (a few milliseconds on Linux) with the same length,
/// such as two builds of the same plugin.
/// </summary>
internal readonly record struct FileStamp(long Length, DateTime WrittenUtc, int? ContentHash)
{
    /// <summary>True when nothing tells the two apart: same length and time, and the same content where both were read.</summary>
    public bool Matches(FileStamp other) =>
        Length == other.Length && WrittenUtc == other.WrittenUtc && (ContentHash is null || other.ContentHash is null || ContentHash == other.ContentHash);
}
