using BenchmarkDotNet.Running;
using PluginHost.Benchmarks.Macro;

namespace PluginHost.Benchmarks;

/// <summary>
/// BenchmarkDotNet micro benchmarks by default (any BenchmarkDotNet arguments); <c>macro</c> runs the
/// macro benchmarks and writes docs/benchmarks.md; <c>child</c> is a measured child process the macro
/// driver starts. build/bench.sh runs all of it.
/// </summary>
internal static class Program
{
    public static int Main(string[] args) => args switch
    {
        ["macro", .. var rest] => MacroDriver.Run(rest),
        ["child", .. var rest] => ChildProcess.Run(rest),
        _ => RunMicro(args),
    };

    private static int RunMicro(string[] args)
    {
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
