using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;
using PluginHost.Caching;
using PluginHost.Diagnostics;
using PluginHost.Hooks;

namespace PluginHost.CSharp;

/// <summary>
/// Compiles a plugin's C# sources with Roslyn into an assembly image and its portable PDB, against the
/// running framework and the shared assemblies. Output is cached by a hash of the sources (in memory,
/// and on disk when a cache folder is given), so importing an unchanged plugin again never recompiles.
/// </summary>
internal sealed class CSharpSourceCompiler(string? cacheDirectory)
{
    // Part of every cache key: a different compiler or reference set must never reuse an old image.
    private static readonly string s_toolchain =
        $"roslyn {typeof(CSharpCompilation).Assembly.GetName().Version}; {Environment.Version}; abstractions {typeof(IPlugin).Assembly.ManifestModule.ModuleVersionId}";

    // What an SDK project with ImplicitUsings gives, plus the plugin contract.
    private static readonly string s_globalUsings = string.Join('\n', new[]
    {
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Threading", "System.Threading.Tasks", "PluginHost",
    }.Select(n => $"global using global::{n};"));

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_framework = new(FrameworkReferences);

    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest);

    private readonly ConcurrentDictionary<string, CompiledImage> _images = new(StringComparer.Ordinal);
    private int _compilations;

    /// <summary>How many times this compiler actually ran Roslyn, as opposed to serving a cached image.</summary>
    public int Compilations => Volatile.Read(ref _compilations);

    public CompiledImage Compile(PluginSpec spec, IReadOnlyList<string> files)
    {
        var sources = files.Select(f => (Path: f, Text: File.ReadAllBytes(f))).ToList();
        var shared = SharedCopies(spec);
        var key = KeyOf(spec.Name, sources, shared);
        if (_images.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var onDisk = cacheDirectory is null ? null : Path.Combine(cacheDirectory, "csharp", key);
        if (onDisk is not null && File.Exists(onDisk + ".dll"))
        {
            var image = new CompiledImage(key, File.ReadAllBytes(onDisk + ".dll"), File.ReadAllBytes(onDisk + ".pdb"));
            return _images.GetOrAdd(key, image);
        }

        var compiled = Emit(spec, key, sources, shared);
        Interlocked.Increment(ref _compilations);
        if (onDisk is not null)
        {
            // The PDB first: a .dll on disk promises its PDB is there.
            ContentCache.WriteAtomically(onDisk + ".pdb", compiled.Symbols);
            ContentCache.WriteAtomically(onDisk + ".dll", compiled.Assembly);
        }

        return _images.GetOrAdd(key, compiled);
    }

    private static CompiledImage Emit(PluginSpec spec, string key, List<(string Path, byte[] Text)> sources, IReadOnlyList<System.Reflection.Assembly> shared)
    {
        var trees = sources
            .Select(s => CSharpSyntaxTree.ParseText(SourceText.From(s.Text, s.Text.Length, Encoding.UTF8, canBeEmbedded: true), s_parseOptions, s.Path))
            .Append(CSharpSyntaxTree.ParseText(SourceText.From(s_globalUsings, Encoding.UTF8), s_parseOptions, "GlobalUsings.g.cs"))
            .ToList();
        var compilation = CSharpCompilation.Create(
            spec.Name,
            trees,
            [.. s_framework.Value, .. shared.Select(a => MetadataReference.CreateFromFile(a.Location))],
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Debug,
                deterministic: true));

        using var assembly = new MemoryStream();
        using var symbols = new MemoryStream();
        var embedded = trees.Take(sources.Count).Select(t => EmbeddedText.FromSource(t.FilePath, t.GetText()));
        var result = compilation.Emit(
            assembly, symbols, embeddedTexts: embedded, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        if (!result.Success)
        {
            var errors = result.Diagnostics
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(Describe)
                .ToList();
            throw new PluginImportException(spec.Name, ImportFailure.CompileFailed, CSharpMessages.CompileFailed(spec.Name, spec.Origin, errors))
            {
                Origin = spec.Origin,
            };
        }

        return new CompiledImage(key, assembly.ToArray(), symbols.ToArray());
    }

    // file:line:col as compilers print it, so editors and terminals link straight to the error.
    private static string Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        var where = span.IsValid ? $"{span.Path}:{span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1}" : "(no location)";
        return $"{where}: error {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    private static string KeyOf(string name, List<(string Path, byte[] Text)> sources, IReadOnlyList<System.Reflection.Assembly> shared)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{s_toolchain}\0{name}\0"));
        foreach (var assembly in shared)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{assembly.ManifestModule.ModuleVersionId}\0"));
        }

        foreach (var (path, text) in sources)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(path + "\0"));
            hash.AppendData(text);
            hash.AppendData("\0"u8);
        }

        return ContentCache.Key(hash);
    }

    // The framework the host runs on (its trusted platform assemblies in the runtime folder); with the
    // shared assemblies, exactly what a plugin can bind to at run time, nothing else of the host's.
    private static ImmutableArray<MetadataReference> FrameworkReferences()
    {
        var runtimeFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return [.. ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => string.Equals(Path.GetDirectoryName(p), runtimeFolder, StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    // The host's copies of the shared assemblies that exist on disk (the abstractions, Serilog, the host's contracts).
    private static List<System.Reflection.Assembly> SharedCopies(PluginSpec spec) =>
        [.. spec.ResolveSharedAssemblies().Where(a => a.Location.Length > 0)];
}
