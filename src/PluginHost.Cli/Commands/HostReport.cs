using System.Globalization;
using PluginHost.Configuration;
using PluginHost.Results;

namespace PluginHost.Cli.Commands;

/// <summary>What <c>run</c> and <c>watch</c> print: the import table, the errors, and what the registered commands did.</summary>
internal static class HostReport
{
    private static readonly string[] s_timingsHeader = ["PLUGIN", "SELF", "TOTAL", "FIND", "REQUIRES", "LOAD CONTEXT", "LOAD ASSEMBLY", "REGISTER"];
    private static readonly string[] s_outcomesHeader = ["PLUGIN", "VERSION", "STATUS", "LOAD", "FOUND AT"];

    /// <summary>Imports every configured plugin, reports, and runs every registered command.</summary>
    /// <returns>True when every plugin loaded and every command ran.</returns>
    /// <exception cref="OperationCanceledException">Cancelled while importing.</exception>
    public static bool LoadAndRun(PluginRuntime runtime, HostConfiguration configuration, string input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var outcomes = runtime.ImportAll(cancellationToken);
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

        var commandsRan = RunCommands(runtime, input, output, error);
        return failures.Count == 0 && commandsRan;
    }

    /// <summary>
    /// One line per reload: plugin, generations, what changed, time, and whether the old generation was
    /// collected. A result from generation 0 is the watcher importing a plugin that was not loaded.
    /// </summary>
    public static string DescribeReload(ReloadResult result)
    {
        if (result.OldGeneration == 0)
        {
            return result.Succeeded
                ? string.Create(CultureInfo.InvariantCulture,
                    $"imported {result.Name} generation {result.NewGeneration} ({result.Trigger}) in {result.Elapsed.TotalMilliseconds:F1} ms; it was not loaded before and is now watched for reloads")
                : $"import of {result.Name} failed ({result.Trigger}); it is still not loaded and still watched: {result.Error!.Message}";
        }

        if (!result.Succeeded)
        {
            return $"reload of {result.Name} failed ({result.Trigger}); generation {result.OldGeneration} keeps serving: {result.Error!.Message}";
        }

        var unload = result.Unload switch
        {
            { Collected: true } => $"generation {result.OldGeneration} unloaded, collection verified",
            { } leak => $"LEAK: generation {leak.Generation} is still alive after {leak.GcPasses} GC passes; {leak.LeakReport}",
            null => "nothing to unload",
        };
        return string.Create(CultureInfo.InvariantCulture,
            $"reloaded {result.Name} generation {result.OldGeneration} -> {result.NewGeneration} ({result.Trigger}) in {result.Elapsed.TotalMilliseconds:F1} ms; {unload}");
    }

    /// <summary>
    /// One line for an edit of the configuration (the plugins it reloaded and imported have their own
    /// lines, printed as they happen): what it unloaded and what needs a restart, or why it was rejected.
    /// </summary>
    public static string DescribeConfigurationChange(ConfigurationChangeResult result)
    {
        if (result.Error is { } rejected)
        {
            return $"configuration edit rejected ({result.Trigger}); the running plugins are unchanged: {rejected.Message}";
        }

        var parts = new List<string>();
        parts.AddRange(result.Unloaded.Select(u => u.Collected
            ? $"unloaded {u.Name} generation {u.Generation}, collection verified"
            : $"unloaded {u.Name} generation {u.Generation}; LEAK: {u.LeakReport}"));
        if (result.Reloaded.Count + result.Imported.Count > 0)
        {
            parts.Add($"{result.Reloaded.Count} reloaded and {result.Imported.Count} imported (above)");
        }

        if (result.RestartRequired.Count > 0)
        {
            parts.Add($"restart to apply {string.Join(", ", result.RestartRequired)}: {(result.RestartRequired.Count == 1 ? "it applies" : "they apply")} only when the host starts");
        }

        return $"configuration edit applied ({result.Trigger}): {(parts.Count == 0 ? "nothing to change" : string.Join("; ", parts))}";
    }

    /// <summary>Per-plugin import time by phase, slowest (own time) first, like <c>python -X importtime</c>.</summary>
    public static void WriteTimings(PluginRuntime runtime, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("Import times, slowest first (self excludes requirements; total includes them):");
        var rows = new List<string[]> { s_timingsHeader };
        foreach (var plugin in runtime.Loaded.Where(p => p.Trace is not null).OrderByDescending(p => p.Trace!.Phases.Self))
        {
            var phases = plugin.Trace!.Phases;
            rows.Add([plugin.Name, .. new[] { phases.Self, phases.Total, phases.Find, phases.Requirements, phases.LoadContext, phases.LoadAssembly, phases.Register }.Select(Milliseconds)]);
        }

        TextTable.Write(rows, output);
    }

    private static string Milliseconds(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:F1} ms");

    private static void WriteOutcomes(IReadOnlyList<ImportOutcome> outcomes, TextWriter output)
    {
        var rows = new List<string[]> { s_outcomesHeader };
        foreach (var outcome in outcomes)
        {
            var plugin = outcome.Plugin;
            rows.Add(
            [
                outcome.Name,
                ShortVersion(plugin?.Version),
                outcome.Status.ToString().ToLowerInvariant(),
                outcome.Status == ImportStatus.Disabled ? "-" : string.Create(CultureInfo.InvariantCulture, $"{outcome.Elapsed.TotalMilliseconds:F1} ms"),
                plugin is null ? "-" : $"{ConfigurationArgument.Display(plugin.Origin)} ({plugin.Spec.Finder})",
            ]);
        }

        TextTable.Write(rows, output);
    }

    // The SDK appends "+<commit>" to informational versions; the table has no room for build metadata.
    private static string ShortVersion(string? version) => version is null ? "-" : version.Split('+')[0];

    private static bool RunCommands(PluginRuntime runtime, string input, TextWriter output, TextWriter error)
    {
        var commands = runtime.Registry.Commands;
        output.WriteLine();
        if (commands.Count == 0)
        {
            output.WriteLine("The plugins registered no commands.");
            return true;
        }

        output.WriteLine($"Commands the plugins registered, each run with \"{input}\":");
        var allRan = true;
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
                allRan = false;
                output.WriteLine("    -> failed");
                error.WriteLine($"error: the command '{command.Name}' of the plugin '{command.Plugin}' threw {e.GetType().Name}: {e.Message}");
            }
        }

        return allRan;
    }
}
