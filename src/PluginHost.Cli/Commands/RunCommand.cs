using System.CommandLine;
using System.Globalization;
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
        var command = new Command("run", "Import every plugin the configuration lists, show where each was found and how long it took, then run every command the plugins registered.")
        {
            config,
            input,
        };
        command.SetAction((parsed, cancellationToken) =>
        {
            using var log = globals.CreateLogger(parsed, error);
            var configuration = ConfigurationArgument.TryLoad(parsed.GetRequiredValue(config), error);
            return Task.FromResult(configuration is null
                ? ExitCodes.UsageOrConfiguration
                : Execute(configuration, parsed.GetValue(input) ?? DefaultInput, log, output, error, cancellationToken));
        });
        return command;
    }

    private static int Execute(HostConfiguration configuration, string input, Serilog.ILogger log, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(configuration) with { Logger = log });
        IReadOnlyList<ImportOutcome> outcomes;
        try
        {
            outcomes = runtime.ImportAll(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("Cancelled.");
            return ExitCodes.Cancelled;
        }

        var loaded = outcomes.Count(o => o.Status == ImportStatus.Loaded);
        var enabled = outcomes.Count(o => o.Status != ImportStatus.Disabled);
        output.WriteLine($"Loaded {loaded} of {enabled} plugins from {ConfigurationArgument.Display(configuration.SourceFile!)}");
        output.WriteLine();
        WriteOutcomes(outcomes, output);

        var failures = outcomes.Where(o => o.Status == ImportStatus.Failed).ToList();
        if (failures.Count > 0)
        {
            error.WriteLine();
            foreach (var failure in failures)
            {
                error.WriteLine($"error: {failure.Error!.Message}");
            }
        }

        var commandsFailed = RunCommands(runtime, input, output, error);
        return failures.Count > 0 || commandsFailed ? ExitCodes.PluginFailed : ExitCodes.Success;
    }

    private static void WriteOutcomes(IReadOnlyList<ImportOutcome> outcomes, TextWriter output)
    {
        var rows = new List<string[]> { new[] { "PLUGIN", "VERSION", "STATUS", "LOAD", "FOUND AT" } };
        foreach (var outcome in outcomes)
        {
            var plugin = outcome.Plugin;
            rows.Add(
            [
                outcome.Name,
                plugin?.Version ?? "-",
                outcome.Status.ToString().ToLowerInvariant(),
                outcome.Status == ImportStatus.Disabled ? "-" : string.Create(CultureInfo.InvariantCulture, $"{outcome.Elapsed.TotalMilliseconds:F1} ms"),
                plugin is null ? "-" : $"{ConfigurationArgument.Display(plugin.Origin)} ({plugin.Spec.Finder})",
            ]);
        }

        TextTable.Write(rows, output);
    }

    private static bool RunCommands(PluginRuntime runtime, string input, TextWriter output, TextWriter error)
    {
        var commands = runtime.Registry.Commands;
        output.WriteLine();
        if (commands.Count == 0)
        {
            output.WriteLine("The plugins registered no commands.");
            return false;
        }

        output.WriteLine($"Commands the plugins registered, each run with \"{input}\":");
        var failed = false;
        foreach (var command in commands)
        {
            output.WriteLine($"  {command.Name} ({command.Plugin}): {command.Description}");
            try
            {
                output.WriteLine($"    -> {command.Invoke(input)}");
            }
#pragma warning disable CA1031 // A plugin's command may throw anything; the report must go on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failed = true;
                output.WriteLine("    -> failed");
                error.WriteLine($"error: the command '{command.Name}' of the plugin '{command.Plugin}' threw {e.GetType().Name}: {e.Message}");
            }
        }

        return failed;
    }
}
