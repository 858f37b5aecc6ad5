using System.Diagnostics;
using System.Globalization;
using System.Text;
using PluginHost.Configuration;
using PluginHost.CSharp;
using PluginHost.Hooks;
using Serilog.Core;
using static PluginHost.Benchmarks.Macro.Markdown;

namespace PluginHost.Benchmarks.Macro;

/// <summary>A C# source plugin edited and running again: write the file → ReloadAsync (compile, load, Register, swap) → first call.</summary>
internal sealed class SourceEditBenchmark : IMacroBenchmark
{
    public const int Edits = 20;

    private SourceEditResult? _result;

    public string Title => "C# source plugin: edit to running";

    public void Run(MacroContext context)
    {
        context.Log($"Source edits: {Edits} edits of a C# source plugin");
        _result = context.RunChild<SourceEditResult>("source-edit", Edits.ToString(CultureInfo.InvariantCulture));
    }

    public void Write(StringBuilder doc, Summary summary)
    {
        var edit = new Stats(_result!.EditMs);
        doc.AppendLine(CultureInfo.InvariantCulture, $"## {Title}").AppendLine();
        doc.AppendLine(CultureInfo.InvariantCulture, $"""
            A two-file C# source plugin found by `CSharpSourceFinder`, imported once (Roslyn warm-up: {N(_result.FirstImportMs)} ms,
            not counted), then edited {Edits} times. Each edit writes the file, reloads through `ReloadAsync` (compile in
            memory, load into a new context, `Register()`, swap, retire and verify the old generation) and calls the command.
            """).AppendLine();
        Table(
            doc,
            ["metric", "median (ms)", "p10 – p90 (ms)", "min – max (ms)", "n"],
            [["source edited → running again", N(edit.Median), Spread(edit), $"{N(edit.Min)} – {N(edit.Max)}", N(edit.Count, 0)]]);
        summary.Headlines.Add($"C# source plugin edited → running again: {N(edit.Median)} ms median ({Edits} edits, warm compiler)");
        summary.Goal("edited source plugin running again well under a second", $"{N(edit.Median)} ms median, max {N(edit.Max)} ms", edit.Max < 1000);
    }

    public static SourceEditResult Measure(int edits)
    {
        var root = Directory.CreateTempSubdirectory("pluginhost-source-").FullName;
        var folder = Directory.CreateDirectory(Path.Combine(root, "scripts", "Hello")).FullName;
        File.WriteAllText(Path.Combine(folder, "Format.cs"), Helper);
        var source = Path.Combine(folder, "Hello.cs");
        File.WriteAllText(source, Plugin("warm-up"));
        var finder = new CSharpSourceFinder(new CSharpSourceOptions { SourcePaths = [Path.Combine(root, "scripts")], CacheDirectory = Path.Combine(root, "cache") });
        using var runtime = new PluginRuntime(new PluginRuntimeOptions { Finders = [new FinderRegistration(finder, FinderPosition.Last)], Logger = Logger.None });

        var started = Stopwatch.GetTimestamp();
        runtime.Import("Hello");
        var firstImport = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        var timings = new List<double>(edits);
        for (var edit = 1; edit <= edits; edit++)
        {
            var greeting = "edit " + edit.ToString(CultureInfo.InvariantCulture);
            started = Stopwatch.GetTimestamp();
            File.WriteAllText(source, Plugin(greeting));
            var result = runtime.ReloadAsync("Hello").GetAwaiter().GetResult();
            var output = runtime.Registry.Invoke("hello", "x");
            timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!result.Succeeded || output != $"{greeting}, x!")
            {
                throw new InvalidOperationException($"Edit {edit} did not take effect: {result.Error?.Message ?? output}");
            }
        }

        Directory.Delete(root, recursive: true);
        return new SourceEditResult(timings, firstImport);
    }

    private static string Plugin(string greeting) => $$"""
        namespace Scripted;

        public sealed class Hello : IPlugin
        {
            public void Register(IPluginContext context) =>
                context.Registry.AddCommand("hello", "Greets.", who => Format.Greet("{{greeting}}", who));
        }
        """;

    private const string Helper = """
        namespace Scripted;

        internal static class Format
        {
            public static string Greet(string greeting, string who) => $"{greeting}, {who}!";
        }
        """;
}

/// <summary>Per-edit times (ms) and the first, compiler-warming import.</summary>
internal sealed record SourceEditResult(IReadOnlyList<double> EditMs, double FirstImportMs);
