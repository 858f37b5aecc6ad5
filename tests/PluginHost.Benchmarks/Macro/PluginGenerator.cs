using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PluginHost.Benchmarks.Macro;

/// <summary>
/// Compiles many tiny, distinct plugins with Roslyn in process: each its own assembly identity, deployed
/// as &lt;root&gt;/&lt;Name&gt;/&lt;Name&gt;.dll as the directory finder expects. Then compiles them ReadyToRun with
/// crossgen2, as a plugin published for production is: a non-collectible context runs that native code,
/// a collectible one ignores it and JIT-compiles the IL the image still carries.
/// </summary>
internal static class PluginGenerator
{
    public static string NameOf(int index) => string.Create(CultureInfo.InvariantCulture, $"Gen{index:D4}");

    public static string TypeNameOf(int index) => NameOf(index) + ".Plugin";

    public static string CommandOf(int index) => NameOf(index).ToLowerInvariant() + ".echo";

    /// <summary>Writes plugins 1..count under <paramref name="root"/>, compiled ReadyToRun (about a minute for 5,000 on 2 cores).</summary>
    public static void Generate(string root, int count)
    {
        var references = References();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, deterministic: true);
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var il = Directory.CreateDirectory(Path.Combine(root, ".il")).FullName;
        Parallel.For(1, count + 1, index =>
        {
            var name = NameOf(index);
            var source = $$"""
                [assembly: System.Reflection.AssemblyVersion("1.0.0.0")]
                namespace {{name}};

                public sealed class Plugin : PluginHost.IPlugin
                {
                    public void Register(PluginHost.IPluginContext context) =>
                        context.Registry.AddCommand("{{CommandOf(index)}}", "Echoes its input.", static input => input);
                }
                """;
            var compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(source, parse)], references.Select(r => r.Reference), options);
            var result = compilation.Emit(Path.Combine(il, name + ".dll"));
            if (!result.Success)
            {
                throw new InvalidOperationException($"Generating {name} failed: {string.Join(Environment.NewLine, result.Diagnostics)}");
            }
        });

        CompileReadyToRun(root, il, count, references.Select(r => r.Path));
        Directory.Delete(il, recursive: true);
    }

    // crossgen2 processes of at most BatchSize assemblies each (one keeping 2,500 grew until the kernel killed it),
    // one per processor at a time, each compiling one assembly at a time (each its own version bubble), written
    // beside the IL as Name.ni.dll, then moved into each plugin's folder as Name.dll.
    private const int BatchSize = 500;

    private static void CompileReadyToRun(string root, string il, int count, IEnumerable<string> references)
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var outside = references.Where(r => !r.StartsWith(framework, StringComparison.Ordinal)).ToList();
        var batches = Enumerable.Range(1, count).Chunk(BatchSize).ToList();
        Parallel.For(0, batches.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, batch => ReadyToRun.CompileNearInputs(
            batches[batch].Select(i => Path.Combine(il, NameOf(i) + ".dll")),
            outside,
            Path.Combine(il, $"crossgen2-{batch}.rsp")));

        for (var i = 1; i <= count; i++)
        {
            var name = NameOf(i);
            var folder = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
            File.Move(Path.Combine(il, name + ".ni.dll"), Path.Combine(folder, name + ".dll"), overwrite: true);
        }
    }

    // The running framework's own assemblies, plus the abstractions a plugin implements.
    private static (string Path, MetadataReference Reference)[] References()
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string[] paths =
        [
            typeof(object).Assembly.Location,
            Path.Combine(framework, "System.Runtime.dll"),
            typeof(IPlugin).Assembly.Location,
            typeof(Serilog.ILogger).Assembly.Location,
        ];
        return [.. paths.Select(p => (p, (MetadataReference)MetadataReference.CreateFromFile(p)))];
    }
}
