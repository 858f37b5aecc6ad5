using System.IO.Compression;
using System.Security.Cryptography;
using PluginHost.Hooks;
using PluginHost.Loading;

namespace ZipFinder;

/// <summary>
/// A custom finder with real storage: plugins packed in one zip archive as <c>&lt;Name&gt;/&lt;Name&gt;.dll</c>
/// (with their dependencies beside them). Finding only reads the archive's directory; loading extracts
/// the archive once into a folder named by a hash of its content, then loads from there with the host's
/// own assembly-file loader, so dependencies, shared types and collectible unloading work as for any
/// drop-in folder.
/// </summary>
/// <remarks>
/// Configured from TOML:
/// <code>finders = [{ type = "ZipFinder.ZipArchiveFinder", assembly = "bin/ZipFinder/ZipFinder.dll", settings = { archive = "bin/plugins.zip" } }]</code>
/// The host calls the (settings, configuration folder) constructor; relative paths are relative to the TOML file.
/// </remarks>
public sealed class ZipArchiveFinder : IPluginFinder
{
    private readonly string _archive;
    private readonly string _cacheRoot;

    /// <summary>Creates the finder from its TOML settings.</summary>
    /// <param name="settings"><c>archive</c>: the zip file (required); <c>cache</c>: where to extract (optional).</param>
    /// <param name="configurationDirectory">The TOML file's folder, which relative paths are relative to.</param>
    public ZipArchiveFinder(IReadOnlyDictionary<string, string> settings, string configurationDirectory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.TryGetValue("archive", out var archive))
        {
            throw new ArgumentException("The zip finder needs settings = { archive = \"path/to/plugins.zip\" }.", nameof(settings));
        }

        _archive = Path.GetFullPath(Path.Combine(configurationDirectory, archive));
        _cacheRoot = settings.TryGetValue("cache", out var cache)
            ? Path.GetFullPath(Path.Combine(configurationDirectory, cache))
            : Path.Combine(Path.GetTempPath(), "pluginhost-cache", "zip");
    }

    /// <inheritdoc />
    public string Name => "zip";

    /// <inheritdoc />
    public PluginSpec? FindSpec(string name, PluginSearchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var entryName = $"{name}/{name}.dll";
        var origin = $"{_archive}!/{entryName}";
        if (!File.Exists(_archive))
        {
            context.RecordProbe(_archive, "archive does not exist");
            return null;
        }

        using (var zip = ZipFile.OpenRead(_archive))
        {
            if (zip.GetEntry(entryName) is null)
            {
                context.RecordProbe(origin, "no such entry");
                return null;
            }
        }

        context.RecordProbe(origin, "found");
        var folder = Path.Combine(_cacheRoot, HashOf(_archive));
        return new PluginSpec(name, origin, new ExtractingLoader(_archive, folder)) { Finder = Name, Directory = Path.Combine(folder, name) };
    }

    private static string HashOf(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..32];
    }

    /// <summary>Extracts the archive on first load (atomically: a temporary folder, then a rename) and loads the entry.</summary>
    private sealed class ExtractingLoader(string archive, string folder) : IPluginLoader
    {
        public string Name => "zip-extract";

        public LoadedAssembly Load(PluginSpec spec)
        {
            if (!Directory.Exists(folder))
            {
                var temporary = $"{folder}.{Guid.NewGuid():N}.tmp";
                ZipFile.ExtractToDirectory(archive, temporary);
                try
                {
                    Directory.Move(temporary, folder);
                }
                catch (IOException) when (Directory.Exists(folder))
                {
                    Directory.Delete(temporary, recursive: true);
                }
            }

            return PluginLoaders.AssemblyFile.Load(spec with { Origin = Path.Combine(spec.Directory, spec.Name + ".dll") });
        }
    }
}
