using System.CommandLine;
using PluginHost.Configuration;

namespace PluginHost.Cli.Commands;

/// <summary><c>pluginhost watch &lt;config&gt;</c>: <c>run</c>, then stay up and hot-reload plugins whose files change.</summary>
internal static class WatchCommand
{
    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        var config = ConfigurationArgument.Create();
        var input = new Option<string>("--input", "-i")
        {
            Description = "The text passed to each registered command on start.",
            DefaultValueFactory = _ => RunCommand.DefaultInput,
        };
        var explainLeaks = new Option<bool>("--explain-leaks")
        {
            Description = "When a reload's old generation is not collected, explain what holds it: take a snapshot of this process (seconds, and a temporary file about the size of its memory) and print each root's path. Never delays the reload itself.",
        };
        var relock = new Option<bool>("--relock")
        {
            Description = "Development with a lock file: accept a reload whose files differ from the lock and pin its new files in the lock file, instead of refusing it. Plugins are still checked against the lock when they are first imported.",
        };
        var command = new Command("watch", "Like run, then stay up: watch every plugin's files and hot-reload a plugin when they change, printing one line per reload. Ctrl+C stops cleanly.")
        {
            config,
            input,
            explainLeaks,
            relock,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var log = globals.CreateLogger(parsed, error);
            var configuration = ConfigurationArgument.TryLoad(parsed.GetRequiredValue(config), error);
            return configuration is null
                ? ExitCodes.UsageOrConfiguration
                : await ExecuteAsync(configuration, parsed.GetValue(input) ?? RunCommand.DefaultInput, new WatchSwitches(parsed.GetValue(explainLeaks), parsed.GetValue(relock)), globals, log, output, error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> ExecuteAsync(
        HostConfiguration configuration, string input, WatchSwitches switches, GlobalOptions globals, Serilog.ILogger log, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // watch reloads: development mode (collectible contexts), whatever the configuration's mode.
        var runtime = ConfigurationArgument.TryCreateRuntime(
            ConfigurationArgument.TryOptions(configuration, error) is { } options ? options with { Logger = log, RelockOnReload = switches.Relock, Mode = RuntimeMode.Development } : null, error);
        if (runtime is null)
        {
            return ExitCodes.UsageOrConfiguration;
        }

        var explainer = new LeakReporter(output, error, cancellationToken);
        try
        {
            await HostSession.OnWorkerAsync(() => HostReport.LoadAndRun(runtime, configuration, input, output, error, cancellationToken), cancellationToken).ConfigureAwait(false);
            runtime.Reloaded += (_, result) =>
            {
                output.WriteLine(HostReport.DescribeReload(result));
                if (switches.ExplainLeaks && result.Unload is { Collected: false } leak)
                {
                    explainer.Explain(leak);
                }
            };
            runtime.ConfigurationChanged += (_, result) => output.WriteLine(HostReport.DescribeConfigurationChange(result));
            runtime.StartWatching();
            output.WriteLine();
            output.WriteLine(configuration.HotReload.Enabled
                ? $"Watching {runtime.Loaded.Count} plugins for changes{DescribeNotLoaded(configuration, runtime)}, and {Path.GetFileName(configuration.SourceFile)} for edits (a complete build reloads at once, other changes after {configuration.HotReload.Debounce.TotalMilliseconds:F0} ms quiet); press Ctrl+C to stop."
                : "Hot reload is disabled in the configuration ([hot_reload] enabled = false); press Ctrl+C to stop.");
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: the normal way to stop watching, at any moment.
        }

        await explainer.DisposeAsync().ConfigureAwait(false);

        // Disposing the runtime stops its watchers (awaiting a reload in flight) and releases every generation.
        if (await HostSession.ShutdownAsync(runtime, globals.ShutdownGrace, error).ConfigureAwait(false))
        {
            output.WriteLine("Stopped watching; every plugin generation was released.");
            return ExitCodes.Success;
        }

        error.WriteLine(CliMessages.Cancelled);
        return ExitCodes.Cancelled;
    }

    private sealed record WatchSwitches(bool ExplainLeaks, bool Relock);

    /// <summary>The configured plugins the watcher imports when their files change, because they are not loaded.</summary>
    private static string DescribeNotLoaded(HostConfiguration configuration, PluginRuntime runtime)
    {
        var notLoaded = configuration.Plugins.Where(p => p.Enabled && p.HotReload && !runtime.TryGetLoaded(p.Name, out _)).Select(p => p.Name).ToList();
        return notLoaded.Count == 0 ? string.Empty : $", and for the build of {notLoaded.Count} not loaded ({string.Join(", ", notLoaded)}) to import it";
    }
}
