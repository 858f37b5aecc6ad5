using System.Security.Cryptography;
using PluginHost.Configuration;
using PluginHost.Hooks;
using PluginHost.Loading;

namespace PluginHost.Trust;

/// <summary>
/// The files a plugin loads, as a lock file pins them: by path relative to the plugin's own folder
/// (forward slashes), each with the SHA-256 of its bytes. Computing them loads nothing.
/// </summary>
/// <remarks>
/// Which files: a folder-form plugin (<c>&lt;path&gt;/&lt;Name&gt;/</c>), every file in its folder; a lone
/// <c>Name.dll</c>, it and its <c>.pdb</c>, <c>.deps.json</c> and <c>plugin.toml</c> beside it; a spec whose
/// loader lists its files (<see cref="IPluginFilesLoader"/>: a C# source plugin, the <c>.cs</c> files it
/// compiles), those; any other spec (a NuGet plugin: its <c>.nupkg</c>), its origin when that is a file. A plugin with no files (one held in memory) is pinned by name alone.
/// </remarks>
internal static class LockedFiles
{
    /// <summary>The folder the relative paths of <paramref name="spec"/>'s files start from.</summary>
    public static string BaseOf(PluginSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Loader is IPluginFilesLoader loader
            ? loader.RootOf(spec)
            : Path.GetDirectoryName(spec.Origin) ?? string.Empty;
    }

    /// <summary>The plugin's files and their hashes, by relative path in ordinal order.</summary>
    /// <exception cref="IOException">A file could not be read.</exception>
    /// <exception cref="UnauthorizedAccessException">A file may not be read.</exception>
    public static SortedDictionary<string, string> Hash(PluginSpec spec)
    {
        var root = BaseOf(spec);
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in FilesOf(spec))
        {
            hashes[Relative(root, file)] = HashFile(file);
        }

        return hashes;
    }

    public static string HashFile(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string Relative(string root, string file) =>
        Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');

    private static IEnumerable<string> FilesOf(PluginSpec spec)
    {
        var origin = spec.Origin;
        if (spec.Loader is IPluginFilesLoader loader)
        {
            return loader.FilesOf(spec);
        }

        if (!File.Exists(origin))
        {
            return [];
        }

        if (!ReferenceEquals(spec.Loader, PluginLoaders.AssemblyFile))
        {
            return [origin];
        }

        var folder = BaseOf(spec);
        if (string.Equals(Path.GetFileName(folder), spec.Name, StringComparison.Ordinal))
        {
            return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories);
        }

        // A lone Name.dll shares its folder with other plugins: only its own companions are its files.
        var stem = Path.Combine(folder, Path.GetFileNameWithoutExtension(origin));
        string[] companions = [origin, stem + ".pdb", stem + ".deps.json", Path.Combine(folder, PluginManifest.FileName)];
        return companions.Where(File.Exists);
    }
}
