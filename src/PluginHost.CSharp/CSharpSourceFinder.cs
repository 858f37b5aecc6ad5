using PluginHost.Caching;
using PluginHost.Hooks;

namespace PluginHost.CSharp;

/// <summary>
/// Plugins written as C# source, compiled on import (Python's import of a <c>.py</c> file). For each
/// folder, in order, it probes <c>&lt;folder&gt;/&lt;Name&gt;/</c> (every <c>.cs</c> file under it, bin
/// and obj skipped) and then <c>&lt;folder&gt;/&lt;Name&gt;.cs</c>.
/// </summary>
/// <remarks>
/// Sources compile against the running framework, <c>PluginHost.Abstractions</c> and Serilog, with the
/// implicit usings of an SDK project plus <c>PluginHost</c>, nullable enabled and the latest language
/// version. A compile error fails the import with <see cref="Diagnostics.ImportFailure.CompileFailed"/>
/// and every error as <c>file:line:column</c>. Images are cached by a hash of the sources, so an
/// unchanged plugin is compiled once; an edited one is compiled on its next import.
/// </remarks>
public sealed class CSharpSourceFinder : IPluginFinder
{
    private readonly CSharpSourceOptions _options;
    private readonly CSharpSourceLoader _loader;
    private readonly CSharpSourceCompiler _compiler;

    /// <summary>Creates the finder.</summary>
    /// <param name="options">The source folders and the cache folder.</param>
    public CSharpSourceFinder(CSharpSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _compiler = new CSharpSourceCompiler(options.CacheDirectory ?? ContentCache.DefaultRoot);
        _loader = new CSharpSourceLoader(_compiler);
    }

    /// <inheritdoc />
    public string Name => "csharp-source";

    /// <summary>How many times this finder's plugins were actually compiled, rather than served from the cache.</summary>
    internal int Compilations => _compiler.Compilations;

    /// <inheritdoc />
    public PluginSpec? FindSpec(string name, PluginSearchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var roots = _options.SourcePaths.Count > 0 ? _options.SourcePaths : context.SearchPaths;
        foreach (var root in roots)
        {
            if (!Directory.Exists(root))
            {
                context.RecordProbe(root, "source path does not exist");
                continue;
            }

            var folder = Path.Combine(root, name);
            if (Directory.Exists(folder) && CSharpSourceLoader.SourcesOf(folder).Count > 0)
            {
                context.RecordProbe(folder, "found (C# sources)");
                return new PluginSpec(name, folder, _loader) { Finder = Name, Directory = folder };
            }

            context.RecordProbe(folder, "no folder of .cs files");
            var file = Path.Combine(root, name + ".cs");
            if (File.Exists(file))
            {
                context.RecordProbe(file, "found (C# source)");
                return new PluginSpec(name, file, _loader) { Finder = Name };
            }

            context.RecordProbe(file, "no such file");
        }

        return null;
    }
}
