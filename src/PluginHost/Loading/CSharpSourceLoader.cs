using PluginHost.Hooks;

namespace PluginHost.Loading;

/// <summary>
/// Compiles a source plugin (one <c>.cs</c> file, or every <c>.cs</c> file under a folder) and loads the
/// image into a new collectible context. The files are read when loading, not when finding, so an
/// import after an edit compiles what is on disk now.
/// </summary>
internal sealed class CSharpSourceLoader(CSharpSourceCompiler compiler) : IPluginLoader
{
    public string Name => "csharp-source";

    public LoadedAssembly Load(PluginSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var image = compiler.Compile(spec, SourcesOf(spec.Origin));
        var dependencies = Directory.Exists(spec.Origin) ? spec.Origin : null;
        return new InMemoryLoader(image.Assembly, image.Symbols, dependencies).Load(spec);
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
