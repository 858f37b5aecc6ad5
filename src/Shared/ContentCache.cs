using System.Security.Cryptography;

namespace PluginHost.Caching;

/// <summary>
/// Content-addressed cache folders: what is stored under a key is derived from the content the key
/// hashes, so an entry never goes stale and concurrent writers of one key write the same bytes.
/// Compiled into each package that writes what it loads (PluginHost.CSharp, PluginHost.NuGet) rather
/// than made public API of the core, which writes no cache of its own.
/// </summary>
internal static class ContentCache
{
    /// <summary>The default root, shared by every host of this user: <c>$TMPDIR/pluginhost-cache</c>.</summary>
    public static string DefaultRoot { get; } = Path.Combine(Path.GetTempPath(), "pluginhost-cache");

    public static string Key(IncrementalHash hash) => Convert.ToHexStringLower(hash.GetHashAndReset())[..32];

    public static string KeyOf(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..32];
    }

    /// <summary>Writes a file so readers never see it half written: a temporary file, then a rename.</summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Fills a folder once: <paramref name="fill"/> writes into a fresh temporary folder, which is then
    /// renamed into place. A folder already in place is complete (the rename is the commit).
    /// </summary>
    public static string EnsureFolder(string path, Action<string> fill)
    {
        if (Directory.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        Directory.CreateDirectory(temporary);
        try
        {
            fill(temporary);
            Directory.Move(temporary, path);
        }
        catch (IOException) when (Directory.Exists(path))
        {
            // Another process filled the same key first; its content is identical.
            Directory.Delete(temporary, recursive: true);
        }
        catch
        {
            Directory.Delete(temporary, recursive: true);
            throw;
        }

        return path;
    }
}
