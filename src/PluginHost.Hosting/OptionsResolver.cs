using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PluginHost.Configuration;
using PluginHost.Diagnostics;

namespace PluginHost.Hosting;

/// <summary>
/// Turns the configured <see cref="PluginHostOptions"/> into the runtime's options once every step of the
/// options pattern ran: reads the TOML file, resolves relative paths against the content root, merges the
/// keys into what the file says, decides hot reload from the environment, and checks every value, adding
/// each problem (with the key, property or file:line:col it came from) to the list the validator reports.
/// </summary>
internal sealed class OptionsResolver(IHostEnvironment? environment) : IPostConfigureOptions<PluginHostOptions>
{
    public void PostConfigure(string? name, PluginHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sources = options.Sources;
        var root = environment?.ContentRootPath is { Length: > 0 } contentRoot ? contentRoot : Directory.GetCurrentDirectory();
        var file = LoadFile(options, root, sources);
        var fromFile = file is null ? new PluginRuntimeOptions() : FromConfiguration(file, sources);
        var searchPaths = SearchPaths(options, root, file is null ? EnvironmentSearchPaths() : fromFile.SearchPaths, sources);
        var plugins = Plugins(options, root, fromFile.Plugins, sources);
        var shared = SharedAssemblies(options, fromFile.SharedAssemblies, sources);
        var timeouts = Timeouts(options, fromFile.Timeouts, sources);
        var (hotReload, reason) = HotReload(options, fromFile.HotReload, file, sources);
        if (sources.Problems.Count > 0)
        {
            options.Resolved = null;
            return;
        }

        var runtime = fromFile with { SearchPaths = searchPaths, Plugins = plugins, SharedAssemblies = shared, Timeouts = timeouts, HotReload = hotReload };
        options.Resolved = file is not null && (options.SearchPaths.Count > 0 || options.Plugins.Count > 0)
            ? new ResolvedOptions(WithoutLiveEdits(runtime), reason) { EditsApplyAtNextStart = file.SourceFile }
            : new ResolvedOptions(runtime, reason);
    }

    /// <summary>
    /// The runtime applies an edit of its TOML file while watching by reading the file again: the plugins and
    /// search paths the keys added would be dropped as "removed". So when keys add to the file's lists, the
    /// runtime is not told of the file, and an edit takes effect at the next start.
    /// </summary>
    private static PluginRuntimeOptions WithoutLiveEdits(PluginRuntimeOptions runtime) => runtime with { ConfigurationFile = null, Source = null };

    private static HostConfiguration? LoadFile(PluginHostOptions options, string root, OptionSources sources)
    {
        if (options.ConfigurationFile is not { } configured)
        {
            return null;
        }

        var where = sources.Describe(nameof(PluginHostOptions.ConfigurationFile), configured);
        if (FullPath(configured, root, where, sources) is not { } path)
        {
            return null;
        }

        if (!File.Exists(path))
        {
            sources.Add(where, HostingMessages.ConfigurationFileMissing(path, root));
            return null;
        }

        try
        {
            return HostConfiguration.Load(path);
        }
        catch (PluginConfigurationException e)
        {
            // Each error already names the file, line and column.
            sources.Problems.AddRange(e.Errors.Select(error => error.ToString()));
            return null;
        }
    }

    private static PluginRuntimeOptions FromConfiguration(HostConfiguration file, OptionSources sources)
    {
        try
        {
            return PluginRuntimeOptions.FromConfiguration(file);
        }
        catch (PluginConfigurationException e)
        {
            sources.Problems.AddRange(e.Errors.Select(error => error.ToString()));
            return new PluginRuntimeOptions();
        }
    }

    /// <summary>Without a TOML file, <c>PLUGINHOST_PATH</c> still comes first, as it does with one (relative entries are relative to the working directory).</summary>
    private static List<string> EnvironmentSearchPaths() =>
        Environment.GetEnvironmentVariable(HostConfiguration.SearchPathVariable) is { Length: > 0 } value
            ? [.. value.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Path.GetFullPath)]
            : [];

    private static List<string> SearchPaths(PluginHostOptions options, string root, IReadOnlyList<string> before, OptionSources sources)
    {
        var result = new List<string>(before);
        for (var i = 0; i < options.SearchPaths.Count; i++)
        {
            var value = options.SearchPaths[i];
            if (FullPath(value, root, sources.Describe($"{nameof(PluginHostOptions.SearchPaths)}[{i}]", value), sources) is { } path)
            {
                result.Add(path);
            }
        }

        return result;
    }

    private static List<PluginEntry> Plugins(PluginHostOptions options, string root, IReadOnlyList<PluginEntry> before, OptionSources sources)
    {
        var result = new List<PluginEntry>(before);
        var listed = before.ToDictionary(p => p.Name, p => p.Location?.ToString() ?? "the TOML file", StringComparer.Ordinal);
        for (var i = 0; i < options.Plugins.Count; i++)
        {
            var entry = options.Plugins[i];
            var property = $"{nameof(PluginHostOptions.Plugins)}[{i}]";
            var where = sources.Describe($"{property}.{nameof(PluginEntry.Name)}", entry.Name);
            if (!PluginNameRules.IsValid(entry.Name, out var reason))
            {
                sources.Add(where, HostingMessages.InvalidPluginName(entry.Name, reason));
                continue;
            }

            if (!listed.TryAdd(entry.Name, where))
            {
                sources.Add(where, HostingMessages.DuplicatePlugin(entry.Name, listed[entry.Name]));
                continue;
            }

            if (entry.Path is { } configuredPath)
            {
                var pathWhere = sources.Describe($"{property}.{nameof(PluginEntry.Path)}", configuredPath);
                entry = entry with { Path = FullPath(configuredPath, root, pathWhere, sources) };
            }

            result.Add(entry);
        }

        return result;
    }

    private static List<string> SharedAssemblies(PluginHostOptions options, IReadOnlyList<string> before, OptionSources sources)
    {
        var result = new List<string>(before);
        for (var i = 0; i < options.SharedAssemblies.Count; i++)
        {
            var value = options.SharedAssemblies[i];
            if (string.IsNullOrEmpty(value) || !PluginNameRules.IsValid(value, out _))
            {
                sources.Add(sources.Describe($"{nameof(PluginHostOptions.SharedAssemblies)}[{i}]", value), HostingMessages.InvalidAssemblyName(value));
            }
            else if (!result.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                result.Add(value);
            }
        }

        return result;
    }

    private static PluginTimeouts Timeouts(PluginHostOptions options, PluginTimeouts fromFile, OptionSources sources) => fromFile with
    {
        Register = Positive(options.RegisterTimeout, nameof(PluginHostOptions.RegisterTimeout), sources) ?? fromFile.Register,
        Start = Positive(options.StartTimeout, nameof(PluginHostOptions.StartTimeout), sources) ?? fromFile.Start,
        Stop = Positive(options.StopTimeout, nameof(PluginHostOptions.StopTimeout), sources) ?? fromFile.Stop,
        Dispose = Positive(options.DisposeTimeout, nameof(PluginHostOptions.DisposeTimeout), sources) ?? fromFile.Dispose,
    };

    private (HotReloadOptions Options, string Reason) HotReload(PluginHostOptions options, HotReloadOptions fromFile, HostConfiguration? file, OptionSources sources)
    {
        var debounce = options.HotReloadDebounce;
        if (debounce < TimeSpan.Zero)
        {
            sources.Add(sources.Describe(nameof(PluginHostOptions.HotReloadDebounce), debounce), HostingMessages.Negative(debounce.Value));
        }

        var (enabled, reason) = (options.HotReload, file) switch
        {
            ({ } set, _) => (set, HostingMessages.HotReloadFromOptions(sources.Describe(nameof(PluginHostOptions.HotReload), set), set)),
            (null, { SourceFile: { } path }) when !fromFile.Enabled => (false, HostingMessages.HotReloadOffInFile(path)),
            _ => (environment?.IsDevelopment() == true,
                HostingMessages.HotReloadFromEnvironment(environment?.EnvironmentName ?? "not known (no IHostEnvironment)", environment?.IsDevelopment() == true)),
        };
        return (fromFile with
        {
            Enabled = enabled,
            Debounce = debounce ?? fromFile.Debounce,
            UsePolling = options.HotReloadPolling ?? fromFile.UsePolling,
        }, reason);
    }

    private static TimeSpan? Positive(TimeSpan? value, string property, OptionSources sources)
    {
        if (value <= TimeSpan.Zero)
        {
            sources.Add(sources.Describe(property, value), HostingMessages.NotPositive(value.Value));
            return null;
        }

        return value;
    }

    /// <summary>A configured path made absolute against the content root; null (and a problem) when it is empty or not a path.</summary>
    private static string? FullPath(string value, string root, string where, OptionSources sources)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            sources.Add(where, HostingMessages.EmptyPath(root));
            return null;
        }

        try
        {
            return Path.GetFullPath(value, root);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            sources.Add(where, HostingMessages.InvalidPath(value, e.Message.TrimEnd('.')));
            return null;
        }
    }
}
