using System.Globalization;
using System.Text;
using static PluginHost.Benchmarks.Macro.Markdown;

namespace PluginHost.Benchmarks.Macro;

/// <summary>
/// <c>dotnet PluginHost.Cli.dll run plugins-sample/plugins.toml</c> against a hello-world console app
/// started the same way: what the CLI adds to the .NET runtime's own start.
/// </summary>
internal sealed class CliStartBenchmark : IMacroBenchmark
{
    private Stats? _cli;
    private Stats? _hello;

    public string Title => "CLI cold start";

    public void Run(MacroContext context)
    {
        if (context.CliDll is null || context.HelloDll is null || context.CliConfig is null)
        {
            context.Log("CLI cold start skipped: --cli, --config and --hello are required");
            return;
        }

        context.Log($"CLI cold start: {context.Runs} runs each after one warm-up, interleaved");
        string[] cli = [context.CliDll, "run", context.CliConfig];
        string[] hello = [context.HelloDll];
        ProcessRunner.RunChecked(context.Dotnet, cli);
        ProcessRunner.RunChecked(context.Dotnet, hello);
        var cliMs = new List<double>();
        var helloMs = new List<double>();
        for (var run = 0; run < context.Runs; run++)
        {
            cliMs.Add(ProcessRunner.RunChecked(context.Dotnet, cli).Elapsed.TotalMilliseconds);
            helloMs.Add(ProcessRunner.RunChecked(context.Dotnet, hello).Elapsed.TotalMilliseconds);
        }

        _cli = new Stats(cliMs);
        _hello = new Stats(helloMs);
    }

    public void Write(StringBuilder doc, Summary summary)
    {
        doc.AppendLine(CultureInfo.InvariantCulture, $"## {Title}").AppendLine();
        if (_cli is null || _hello is null)
        {
            doc.AppendLine("Not measured in this run (build/bench.sh passes the CLI, the sample config and a hello-world app).").AppendLine();
            return;
        }

        doc.AppendLine("""
            Wall time from process start to exit, `dotnet <dll> ...`, framework-dependent Release builds, one warm-up run
            each (so the OS file cache is warm), then runs interleaved. The CLI run imports the three sample plugins
            (Greeter, Shouter importing Greeter, Words with its own Humanizer dependency), prints the table and runs
            every registered command. The baseline is a `Console.WriteLine("Hello, World!")` app.
            """).AppendLine();
        Table(
            doc,
            ["command", "median (ms)", "p10 – p90 (ms)", "min – max (ms)", "runs", "ratio"],
            [
                ["`dotnet hello.dll` (baseline)", N(_hello.Median), Spread(_hello), $"{N(_hello.Min)} – {N(_hello.Max)}", N(_hello.Count, 0), "1.00×"],
                ["`dotnet PluginHost.Cli.dll run plugins-sample/plugins.toml`", N(_cli.Median), Spread(_cli), $"{N(_cli.Min)} – {N(_cli.Max)}", N(_cli.Count, 0), Ratio(_cli.Median, _hello.Median)],
            ]);
        summary.Headlines.Add($"`pluginhost run` on the sample starts in {N(_cli.Median, 0)} ms, {Ratio(_cli.Median, _hello.Median)} a hello-world app ({N(_hello.Median, 0)} ms)");
    }
}
