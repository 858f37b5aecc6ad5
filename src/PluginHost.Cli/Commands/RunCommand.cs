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
        command.SetAction((parsed, cancellationToken) =>
        {
            using var log = globals.CreateLogger(parsed, error);
            var configuration = ConfigurationArgument.TryLoad(parsed.GetRequiredValue(config), error);
            return Task.FromResult(configuration is null
                ? ExitCodes.UsageOrConfiguration
                : Execute(configuration, parsed.GetValue(input) ?? DefaultInput, parsed.GetValue(timings), log, output, error, cancellationToken));
        });
        return command;
    }

    private static int Execute(HostConfiguration configuration, string input, bool timings, Serilog.ILogger log, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var runtime = ConfigurationArgument.TryCreateRuntime(PluginRuntimeOptions.FromConfiguration(configuration) with { Logger = log }, error);
        if (runtime is null)
        {
            return ExitCodes.UsageOrConfiguration;
        }

        try
        {
            var succeeded = HostReport.LoadAndRun(runtime, configuration, input, output, error, cancellationToken);
            if (timings)
            {
                HostReport.WriteTimings(runtime, output);
            }

            return succeeded ? ExitCodes.Success : ExitCodes.PluginFailed;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("Cancelled.");
            return ExitCodes.Cancelled;
        }
    }
}
