using System.CommandLine;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Results;

namespace PluginHost.Cli.Commands;

/// <summary>
/// <c>pluginhost which &lt;name&gt; [--config f]</c>: where a name resolves, its manifest, what it requires
/// and what it shadows, loading nothing (Python's <c>importlib.util.find_spec</c>); <c>-v</c> adds the
/// whole trace.
/// </summary>
internal static class WhichCommand
{
    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        var name = new Argument<string>("name") { Description = "The plugin name to resolve." };
        var config = new Option<string>("--config", "-c")
        {
            Description = $"The TOML file whose search path and finders to use; without it, only {HostConfiguration.SearchPathVariable} is searched.",
        };
        var command = new Command("which", "Show where a plugin name resolves, its manifest, what it requires and which copies it shadows, without loading it; with -v, every finder consulted and every path probed.")
        {
            name,
            config,
        };
        command.SetAction((parsed, cancellationToken) => HostSession.CancellableAsync(() => Resolve(parsed), error, cancellationToken));
        return command;

        int Resolve(ParseResult parsed)
        {
            using var log = globals.CreateLogger(parsed, error);
            PluginRuntimeOptions? options;
            if (parsed.GetValue(config) is { } file)
            {
                var configuration = ConfigurationArgument.TryLoad(file, error);
                if (configuration is null)
                {
                    return ExitCodes.UsageOrConfiguration;
                }

                options = ConfigurationArgument.TryOptions(configuration, error);
            }
            else
            {
                options = new PluginRuntimeOptions { SearchPaths = EnvironmentSearchPath() };
            }

            using var runtime = ConfigurationArgument.TryCreateRuntime(options is null ? null : options with { Logger = log }, error);
            return runtime is null ? ExitCodes.UsageOrConfiguration : Execute(runtime, parsed.GetRequiredValue(name), parsed.GetValue(globals.Verbose), output, error);
        }
    }

    private static int Execute(PluginRuntime runtime, string name, bool verbose, TextWriter output, TextWriter error)
    {
        FindResult found;
        try
        {
            found = runtime.Find(name);
        }
        catch (PluginImportException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.PluginFailed;
        }

        if (found.Spec is not { } spec)
        {
            output.WriteLine($"{name} -> NOT FOUND");
            WriteTrace(found, output);
            return ExitCodes.PluginFailed;
        }

        output.WriteLine($"{name} -> {ConfigurationArgument.Display(spec.Origin)}  [{spec.Finder}, loader {spec.Loader.Name}]");
        var manifest = spec.Manifest;
        if (manifest is null)
        {
            output.WriteLine($"  manifest:    none ({PluginManifest.FileName} is optional; the version comes from the assembly)");
        }
        else
        {
            output.WriteLine($"  manifest:    {ConfigurationArgument.Display(manifest.File)}");
            output.WriteLine($"  version:     {manifest.Version ?? "(not given; the assembly's)"}");
            if (manifest.Description is { } description)
            {
                output.WriteLine($"  description: {description}");
            }

            if (manifest.SharedAssemblies.Count > 0)
            {
                output.WriteLine($"  shared:      {string.Join(", ", manifest.SharedAssemblies)}");
            }
        }

        var requires = manifest?.Requires ?? [];
        output.WriteLine($"  requires:    {(requires.Count == 0 ? "nothing" : string.Join("; ", requires))}");
        if (found.Shadowed.Count == 0)
        {
            output.WriteLine("  shadows:     nothing");
        }
        else
        {
            foreach (var shadowed in found.Shadowed)
            {
                output.WriteLine($"  shadows:     {ConfigurationArgument.Display(shadowed.Origin)}  [{shadowed.Finder}]");
            }
        }

        if (verbose)
        {
            WriteTrace(found, output);
        }

        return ExitCodes.Success;
    }

    private static void WriteTrace(FindResult found, TextWriter output)
    {
        output.WriteLine($"  finders consulted, in order: {string.Join(", ", found.Finders)}");
        output.WriteLine("  places probed, in order:");
        foreach (var probe in found.Probes)
        {
            output.WriteLine($"    [{probe.Finder}] {probe.Location}: {probe.Outcome}");
        }
    }

    private static string[] EnvironmentSearchPath() =>
        Environment.GetEnvironmentVariable(HostConfiguration.SearchPathVariable) is { Length: > 0 } value
            ? [.. value.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Path.GetFullPath)]
            : [];
}
