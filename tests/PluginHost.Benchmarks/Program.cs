using BenchmarkDotNet.Configs;
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
        // BenchmarkDotNet rebuilds the project with every fixture plugin it references; on a busy 2-core machine that
        // outlasts its default two-minute build timeout, and a timed-out build silently drops every benchmark.
        var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
