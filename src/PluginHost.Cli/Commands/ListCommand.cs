using System.CommandLine;
using PluginHost.Configuration;

namespace PluginHost.Cli.Commands;

/// <summary><c>pluginhost list &lt;config&gt;</c>: the resolved search path and where each name resolves, loading nothing.</summary>
internal static class ListCommand
{
    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        var config = ConfigurationArgument.Create();
        var command = new Command("list", "Show the search path in order and where each configured plugin name resolves, without loading any plugin or running Register().")
        {
            config,
        };
        command.SetAction(parsed =>
        {
            using var log = globals.CreateLogger(parsed, error);
            var configuration = ConfigurationArgument.TryLoad(parsed.GetRequiredValue(config), error);
            return configuration is null ? ExitCodes.UsageOrConfiguration : Execute(configuration, log, output);
        });
        return command;
    }

    private static int Execute(HostConfiguration configuration, Serilog.ILogger log, TextWriter output)
    {
        using var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(configuration) with { Logger = log });

        output.WriteLine("Search path, in order:");
        if (configuration.SearchPaths.Count == 0)
        {
            output.WriteLine("  (empty: add search_paths to the configuration or set PLUGINHOST_PATH)");
        }

        var index = 1;
        foreach (var entry in configuration.SearchPaths)
        {
            var missing = Directory.Exists(entry.Path) ? string.Empty : "  [does not exist]";
            output.WriteLine($"  {index++}. {entry.Path}  (from {entry.Source}){missing}");
        }

        output.WriteLine();
        output.WriteLine($"Finders, in order: {string.Join(", ", runtime.Finders.Select(f => f.Name))}");
        output.WriteLine();
        output.WriteLine("Plugins, in load order:");

        var allFound = true;
        foreach (var entry in configuration.Plugins)
        {
            var found = runtime.Find(entry.Name);
            var disabled = entry.Enabled ? string.Empty : "  (disabled)";
            if (found.Spec is { } spec)
            {
                output.WriteLine($"  {entry.Name} -> {ConfigurationArgument.Display(spec.Origin)}  [{spec.Finder}]{disabled}");
                continue;
            }

            allFound &= !entry.Enabled;
            output.WriteLine($"  {entry.Name} -> NOT FOUND{disabled}; tried:");
            foreach (var probe in found.Probes)
            {
                output.WriteLine($"      [{probe.Finder}] {probe.Location}: {probe.Outcome}");
            }
        }

        return allFound ? ExitCodes.Success : ExitCodes.PluginFailed;
    }
}
