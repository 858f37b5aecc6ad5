namespace PluginHost.Reloading;

/// <summary>
/// What a file was when the watcher last looked: its length, its last write time and, for the files it
/// reads (assemblies, PDBs, JSON), a hash of the content.
/// </summary>
internal readonly record struct FileStamp(long Length, DateTime WrittenUtc, int? ContentHash)
{
    /// <summary>
    /// True when nothing new is in the file: the same content where both were read, otherwise the same
    /// length and write time. Content decides when it is known: the time a read is stamped with can be a
    /// moment older than what was read, two writes within one tick of the file system's clock (a few
    /// milliseconds on Linux) share a time, and a file rewritten with the bytes it had holds nothing to load.
    /// </summary>
    public bool Matches(FileStamp other) =>
        ContentHash is { } hash && other.ContentHash is { } otherHash
            ? Length == other.Length && hash == otherHash
            : Length == other.Length && WrittenUtc == other.WrittenUtc;
}
