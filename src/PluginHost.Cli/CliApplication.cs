using System.CommandLine;
using PluginHost.Cli.Commands;

namespace PluginHost.Cli;

/// <summary>The pluginhost command line. Runs in-process with any writers, which is how the tests drive it.</summary>
internal static class CliApplication
{
    /// <summary>Runs the command line; <paramref name="cancellationToken"/> is Ctrl+C or SIGTERM (Program wires the signals).</summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken, TimeSpan? shutdownGrace = null)
    {
        var verbose = new Option<bool>("--verbose", "-v")
        {
            Description = "Log every finder consulted and every path probed (debug level).",
            Recursive = true,
        };
        var quiet = new Option<bool>("--quiet", "-q")
        {
            Description = "Log errors only.",
            Recursive = true,
        };
        var globals = new GlobalOptions(verbose, quiet, shutdownGrace ?? GlobalOptions.DefaultShutdownGrace);

        var root = new RootCommand(
            "pluginhost: load .NET plugins by name through a search path and a finder chain, into collectible load contexts, as Python imports modules.")
        {
            RunCommand.Create(globals, output, error),
            ListCommand.Create(globals, output, error),
            WatchCommand.Create(globals, output, error),
            WhichCommand.Create(globals, output, error),
            LockCommand.Create(globals, output, error),
        };
        root.Options.Add(verbose);
        root.Options.Add(quiet);

        var parsed = root.Parse(args);
        // The signals are Program's: System.CommandLine's own handling gives up after 2 s and returns
        // while the runtime is still being disposed, so no generation would be released.
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        var exitCode = await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);

        // System.CommandLine reports a bad command line with 1; ours says "usage" with 2, so 1 keeps meaning "a plugin failed".
        return parsed.Errors.Count > 0 ? ExitCodes.UsageOrConfiguration : exitCode;
    }
}
