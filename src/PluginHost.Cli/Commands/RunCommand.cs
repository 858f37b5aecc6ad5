using System.CommandLine;
using PluginHost.Configuration;

namespace PluginHost.Cli.Commands;

/// <summary><c>pluginhost run &lt;config&gt;</c>: import every configured plugin, report, and run what they registered.</summary>
internal static class RunCommand
{
    public const string DefaultInput = "PluginHost";

    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        var config = ConfigurationArgument.Create();
        var input = new Option<string>("--input", "-i")
        {
            Description = "The text passed to each registered command.",
            DefaultValueFactory = _ => DefaultInput,
        };
        var timings = new Option<bool>("--timings")
        {
            Description = "Also print each plugin's import time by phase (find, requirements, load context, load assembly, Register), slowest first, like python -X importtime.",
        };
        var command = new Command("run", "Import every plugin the configuration lists, show where each was found and how long it took, then run every command the plugins registered.")
        {
            config,
            input,
            timings,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var log = globals.CreateLogger(parsed, error);
            var configuration = ConfigurationArgument.TryLoad(parsed.GetRequiredValue(config), error);
            return configuration is null
                ? ExitCodes.UsageOrConfiguration
                : await ExecuteAsync(configuration, parsed.GetValue(input) ?? DefaultInput, parsed.GetValue(timings), globals, log, output, error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> ExecuteAsync(
        HostConfiguration configuration, string input, bool timings, GlobalOptions globals, Serilog.ILogger log, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // run loads once and never reloads: production mode (ReadyToRun code runs) unless the configuration says otherwise.
        var runtime = ConfigurationArgument.TryCreateRuntime(
            ConfigurationArgument.TryOptions(configuration, error) is { } options ? options with { Logger = log, Mode = configuration.Mode ?? RuntimeMode.Production } : null, error);
        if (runtime is null)
        {
            return ExitCodes.UsageOrConfiguration;
        }

        int exitCode;
        try
        {
            // Plugin code (Register, commands) runs on a worker: a signal stops the wait even when it hangs.
            var succeeded = await HostSession.OnWorkerAsync(() => HostReport.LoadAndRun(runtime, configuration, input, output, error, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (timings)
            {
                HostReport.WriteTimings(runtime, output);
            }

            exitCode = succeeded ? ExitCodes.Success : ExitCodes.PluginFailed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            exitCode = ExitCodes.Cancelled;
        }

        await HostSession.ShutdownAsync(runtime, globals.ShutdownGrace, error).ConfigureAwait(false);
        if (exitCode == ExitCodes.Cancelled)
        {
            error.WriteLine(CliMessages.Cancelled);
        }

        return exitCode;
    }
}
