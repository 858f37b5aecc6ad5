using System.CommandLine;
using PluginHost.Configuration;
using PluginHost.Results;

namespace PluginHost.Cli.Commands;

/// <summary><c>pluginhost list &lt;config&gt;</c>: the resolved search path and where each name resolves, loading nothing.</summary>
internal static class ListCommand
{
    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error) =>
        ConfigurationArgument.CreateCommand(
            "list",
            "Show the search path in order and where each configured plugin name resolves, without loading any plugin or running Register().",
            globals,
            error,
            (configuration, log) => Execute(configuration, log, output, error));

    private static int Execute(HostConfiguration configuration, Serilog.ILogger log, TextWriter output, TextWriter error)
    {
        using var runtime = ConfigurationArgument.TryCreateRuntime(ConfigurationArgument.TryOptions(configuration, error) is { } options ? options with { Logger = log } : null, error);
        if (runtime is null)
        {
            return ExitCodes.UsageOrConfiguration;
        }

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
        output.WriteLine("Plugins, in load order (each after what its manifest requires):");

        var plan = runtime.PlanImports();
        var allFound = plan.Cycles.Count == 0;
        var configured = configuration.Plugins.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var names = plan.Order.Concat(configuration.Plugins.Where(p => !p.Enabled).Select(p => p.Name));
        foreach (var name in names)
        {
            var enabled = !configured.TryGetValue(name, out var entry) || entry.Enabled;
            var disabled = enabled ? string.Empty : "  (disabled)";
            var note = entry is null ? "  (required, not listed)" : string.Empty;
            FindResult found;
            try
            {
                found = runtime.Find(name);
            }
            catch (Diagnostics.PluginImportException e)
            {
                allFound = false;
                output.WriteLine($"  {name} -> INVALID{disabled}: {e.Message}");
                continue;
            }

            if (found.Spec is { } spec)
            {
                output.WriteLine($"  {name} -> {ConfigurationArgument.Display(spec.Origin)}  [{spec.Finder}]{disabled}{note}");
                if (plan.Requires.TryGetValue(name, out var requires) && requires.Count > 0)
                {
                    output.WriteLine($"      requires: {string.Join("; ", requires)}");
                }

                foreach (var shadowed in found.Shadowed)
                {
                    output.WriteLine($"      shadows: {ConfigurationArgument.Display(shadowed.Origin)}  [{shadowed.Finder}]");
                }

                continue;
            }

            allFound &= !enabled;
            output.WriteLine($"  {name} -> NOT FOUND{disabled}{note}; tried:");
            foreach (var probe in found.Probes)
            {
                output.WriteLine($"      [{probe.Finder}] {probe.Location}: {probe.Outcome}");
            }
        }

        foreach (var cycle in plan.Cycles)
        {
            output.WriteLine($"  CYCLE: {string.Join(" -> ", cycle)} (none of these can load)");
        }

        return allFound ? ExitCodes.Success : ExitCodes.PluginFailed;
    }
}
