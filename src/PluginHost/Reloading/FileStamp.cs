namespace PluginHost.Reloading;

/// <summary>
/// What a file was when the watcher last looked: its length, its last write time and, for the files it
/// reads (assemblies, PDBs, JSON), a hash of the content.
/// </summary>
internal readonly record struct FileStamp(long Length, DateTime WrittenUtc, int? ContentHash)
{
    /// <summary>
    /// True when nothing was written since: the same length and write time and, where both were read, the
    /// same content. The content tells apart two writes within one tick of the file system's clock (a few
    /// milliseconds on Linux) of the same length, such as two builds of one plugin; the time, a file touched
    /// or rewritten with the bytes it had (which reloads, as any write does).
    /// </summary>
    public bool Matches(FileStamp other) =>
        Length == other.Length && WrittenUtc == other.WrittenUtc && (ContentHash is null || other.ContentHash is null || ContentHash == other.ContentHash);
}
