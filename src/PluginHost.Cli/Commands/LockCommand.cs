using System.CommandLine;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Hooks;
using PluginHost.Trust;

namespace PluginHost.Cli.Commands;

/// <summary>
/// <c>pluginhost lock &lt;config&gt;</c>: resolves every enabled plugin (and what each requires) without
/// loading any, and writes the SHA-256 of each one's files to the lock file beside the configuration. From
/// then on run, watch and the library refuse a plugin whose files differ.
/// </summary>
internal static class LockCommand
{
    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error) =>
        ConfigurationArgument.CreateCommand(
            "lock",
            "Pin every enabled plugin by hash: write the SHA-256 of each file it loads to the lock file beside the configuration (plugins.toml -> plugins.lock.json), loading nothing. Run, watch and the library then refuse a plugin whose files differ.",
            globals,
            error,
            (configuration, log) => Execute(configuration, log, output, error));

    private static int Execute(HostConfiguration configuration, Serilog.ILogger log, TextWriter output, TextWriter error)
    {
        // The lock being written is not checked, nor required: this is how a missing or stale one is made anew.
        var unlocked = configuration with { LockFile = null, RequireLock = false };
        using var runtime = ConfigurationArgument.TryCreateRuntime(PluginRuntimeOptions.FromConfiguration(unlocked) with { Logger = log }, error);
        if (runtime is null || configuration.SourceFile is not { } source)
        {
            return ExitCodes.UsageOrConfiguration;
        }

        var specs = Resolve(runtime, configuration.Plugins.Where(p => p.Enabled).Select(p => p.Name), error);
        if (specs is null)
        {
            error.WriteLine(CliMessages.NotLocked(source));
            return ExitCodes.PluginFailed;
        }

        PluginLock pins;
        try
        {
            pins = PluginLock.Create(source, specs);
            pins.Write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine(CliMessages.LockWriteFailed(e.Message));
            return ExitCodes.PluginFailed;
        }

        output.WriteLine($"Locked {pins.Plugins.Count} {(pins.Plugins.Count == 1 ? "plugin" : "plugins")} in {ConfigurationArgument.Display(pins.File)}:");
        foreach (var spec in specs)
        {
            var files = pins.Plugins[spec.Name];
            output.WriteLine($"  {spec.Name} -> {ConfigurationArgument.Display(spec.Origin)}  [{spec.Finder}] ({files.Count} {(files.Count == 1 ? "file" : "files")})");
            foreach (var (file, hash) in files)
            {
                output.WriteLine($"    {hash}  {file}");
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>The specs of the plugins and, transitively, of what their manifests require; null after reporting any that cannot be resolved.</summary>
    private static List<PluginSpec>? Resolve(PluginRuntime runtime, IEnumerable<string> names, TextWriter error)
    {
        var specs = new List<PluginSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(names);
        var failed = false;
        while (pending.TryDequeue(out var name))
        {
            if (!seen.Add(name))
            {
                continue;
            }

            try
            {
                var found = runtime.Find(name);
                if (found.Spec is not { } spec)
                {
                    error.WriteLine($"error: {CliMessages.LockNotFound(found.Name, found.Finders)}");
                    failed = true;
                    continue;
                }

                specs.Add(spec);
                foreach (var requirement in spec.Manifest?.Requires ?? [])
                {
                    pending.Enqueue(requirement.Name);
                }
            }
            catch (PluginImportException e)
            {
                error.WriteLine($"error: {e.Message}");
                failed = true;
            }
        }

        return failed ? null : specs;
    }
}
