using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PluginHost.Benchmarks.Macro;

/// <summary>
/// Compiles many tiny, distinct plugins with Roslyn in process: each its own assembly identity, deployed
/// as &lt;root&gt;/&lt;Name&gt;/&lt;Name&gt;.dll as the directory finder expects.
/// </summary>
internal static class PluginGenerator
{
    public static string NameOf(int index) => string.Create(CultureInfo.InvariantCulture, $"Gen{index:D4}");

    public static string TypeNameOf(int index) => NameOf(index) + ".Plugin";

    public static string CommandOf(int index) => NameOf(index).ToLowerInvariant() + ".echo";

    /// <summary>Writes plugins 1..count under <paramref name="root"/>.</summary>
    public static void Generate(string root, int count)
    {
        var references = References();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, deterministic: true);
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
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
            var compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(source, parse)], references, options);
            var folder = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
            var result = compilation.Emit(Path.Combine(folder, name + ".dll"));
            if (!result.Success)
            {
                throw new InvalidOperationException($"Generating {name} failed: {string.Join(Environment.NewLine, result.Diagnostics)}");
            }
        });
    }

    // The running framework's own assemblies, plus the abstractions a plugin implements.
    private static MetadataReference[] References()
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string[] paths =
        [
            typeof(object).Assembly.Location,
            Path.Combine(framework, "System.Runtime.dll"),
            typeof(IPlugin).Assembly.Location,
            typeof(Serilog.ILogger).Assembly.Location,
        ];
        return [.. paths.Select(p => MetadataReference.CreateFromFile(p))];
    }
}
