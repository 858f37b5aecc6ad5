using PluginHost.Hooks;
using PluginHost.Loading;

namespace PluginHost.CSharp;

/// <summary>
/// Compiles a source plugin (one <c>.cs</c> file, or every <c>.cs</c> file under a folder) and loads the
/// image into a new collectible context. The files are read when loading, not when finding, so an
/// import after an edit compiles what is on disk now.
/// </summary>
internal sealed class CSharpSourceLoader(CSharpSourceCompiler compiler) : IPluginFilesLoader
{
    public string Name => "csharp-source";

    public LoadedAssembly Load(PluginSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var image = compiler.Compile(spec, SourcesOf(spec.Origin));
        var dependencies = Directory.Exists(spec.Origin) ? spec.Origin : null;
        return PluginLoaders.FromMemory(image.Assembly, image.Symbols, dependencies).Load(spec);
    }

    /// <summary>A folder of sources pins its files relative to itself; a lone file, relative to its folder.</summary>
    public string RootOf(PluginSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Directory.Exists(spec.Origin) ? spec.Origin : Path.GetDirectoryName(spec.Origin) ?? string.Empty;
    }

    /// <summary>The sources it compiles, which a lock file pins.</summary>
    public IReadOnlyList<string> FilesOf(PluginSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return File.Exists(spec.Origin) || Directory.Exists(spec.Origin) ? SourcesOf(spec.Origin) : [];
    }

    /// <summary>The plugin's sources in a stable order; build output folders are skipped.</summary>
    internal static IReadOnlyList<string> SourcesOf(string origin)
    {
        if (!Directory.Exists(origin))
        {
            return File.Exists(origin)
                ? [origin]
                : throw new FileNotFoundException($"The source '{origin}' does not exist any more.", origin);
        }

        return [.. Directory.EnumerateFiles(origin, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(origin, f)))
            .Order(StringComparer.Ordinal)];
    }

    private static bool IsBuildOutput(string relative) =>
        relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) is [var first, _, ..] && first is "bin" or "obj";
}
