using System.CommandLine;
using PluginHost.Configuration;
using PluginHost.Diagnostics;

namespace PluginHost.Cli.Commands;

/// <summary>The TOML file argument shared by the commands, and how a bad one is reported.</summary>
internal static class ConfigurationArgument
{
    public static Argument<string> Create() => new("config")
    {
        Description = "The TOML file that lists the plugins and search paths (for example plugins-sample/plugins.toml).",
    };

    /// <summary>
    /// A command whose only argument is the configuration file: it loads the file (a bad one is exit 2),
    /// then runs <paramref name="execute"/> on a worker that Ctrl+C stops waiting for.
    /// </summary>
    public static Command CreateCommand(
        string name, string description, GlobalOptions globals, TextWriter error, Func<HostConfiguration, Serilog.ILogger, int> execute)
    {
        var config = Create();
        var command = new Command(name, description)
        {
            config,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var log = globals.CreateLogger(parsed, error);
            var configuration = TryLoad(parsed.GetRequiredValue(config), error);
            return configuration is null
                ? ExitCodes.UsageOrConfiguration
                : await HostSession.CancellableAsync(() => execute(configuration, log), error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    public static HostConfiguration? TryLoad(string path, TextWriter error)
    {
        try
        {
            return HostConfiguration.Load(path);
        }
        catch (PluginConfigurationException e)
        {
            error.WriteLine(e.Message);
            return null;
        }
    }

    /// <summary>The runtime options of a configuration; a lock file that is required and missing, or not valid, is a configuration error, reported like one.</summary>
    public static PluginRuntimeOptions? TryOptions(HostConfiguration configuration, TextWriter error)
    {
        try
        {
            return PluginRuntimeOptions.FromConfiguration(configuration);
        }
        catch (PluginConfigurationException e)
        {
            error.WriteLine(e.Message);
            return null;
        }
    }

    /// <summary>Creates the runtime; a custom finder that cannot be created is a configuration error, reported like one.</summary>
    public static PluginRuntime? TryCreateRuntime(PluginRuntimeOptions? options, TextWriter error)
    {
        if (options is null)
        {
            return null;
        }

        try
        {
            return new PluginRuntime(options);
        }
        catch (PluginConfigurationException e)
        {
            error.WriteLine(e.Message);
            return null;
        }
    }

    public static string Display(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
