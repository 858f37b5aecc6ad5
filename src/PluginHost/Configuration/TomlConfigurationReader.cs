using System.Globalization;
using PluginHost.Diagnostics;
using PluginHost.Toml;
using Tomlyn.Model;

namespace PluginHost.Configuration;

/// <summary>
/// Turns a TOML document into a <see cref="HostConfiguration"/>. Tomlyn parses and checks the TOML
/// itself; this walks the resulting tables with their source spans so that every schema error (unknown
/// key, wrong type, bad name) names its own line and column, and reports them all at once.
/// </summary>
internal sealed partial class TomlConfigurationReader
{
    private static readonly string[] s_rootKeys = ["search_paths", "source_paths", "nuget_feeds", "finders", "plugins", "hot_reload", "shared_assemblies", "timeouts", "require_lock"];
    private static readonly string[] s_pluginKeys = ["name", "enabled", "hot_reload", "settings", "path", "version"];
    private static readonly string[] s_hotReloadKeys = ["enabled", "debounce_ms", "polling", "poll_interval_ms"];
    private static readonly string[] s_timeoutKeys = ["register_ms", "start_ms", "stop_ms", "dispose_ms"];

    private readonly TomlDocument _document;
    private readonly string _file;

    private TomlConfigurationReader(TomlDocument document)
    {
        _document = document;
        _file = document.File;
    }

    public static HostConfiguration Read(string file, string text, string? environmentSearchPath)
    {
        var document = TomlDocument.Parse(file, text, out var syntaxErrors)
            ?? throw new PluginConfigurationException(file, syntaxErrors);
        var reader = new TomlConfigurationReader(document);
        var configuration = reader.ReadRoot(document.Root, environmentSearchPath);
        return document.Errors.Count > 0
            ? throw new PluginConfigurationException(file, document.Errors)
            : configuration;
    }

    private HostConfiguration ReadRoot(TomlTable root, string? environmentSearchPath)
    {
        var searchPaths = new List<SearchPathEntry>();
        searchPaths.AddRange(EnvironmentSearchPaths(environmentSearchPath));
        var plugins = new List<PluginEntry>();
        var hotReload = new HotReloadOptions();
        var sourcePaths = new List<string>();
        var feeds = new List<string>();
        var finders = new List<FinderDescriptor>();
        var shared = new List<string>();
        var timeouts = new PluginTimeouts();
        var requireLock = false;
        SourceLocation? requireLockLocation = null;
        SourceLocation? sourcePathsLocation = null;
        SourceLocation? feedsLocation = null;

        foreach (var (key, value) in root)
        {
            var location = LocationOf(root, key);
            switch (key)
            {
                case "search_paths":
                    searchPaths.AddRange(ReadSearchPaths(value, location));
                    break;
                case "plugins":
                    plugins.AddRange(ReadPlugins(value, location));
                    break;
                case "hot_reload":
                    hotReload = ReadHotReload(value, location);
                    break;
                case "source_paths":
                    sourcePaths.AddRange(ReadFolders(key, value, location));
                    sourcePathsLocation = location;
                    break;
                case "nuget_feeds":
                    feeds.AddRange(ReadFolders(key, value, location));
                    feedsLocation = location;
                    break;
                case "finders":
                    finders.AddRange(ReadFinders(value, location));
                    break;
                case "shared_assemblies":
                    shared.AddRange(ReadAssemblyNames(value, location));
                    break;
                case "timeouts":
                    timeouts = ReadTimeouts(value, location);
                    break;
                case "require_lock" when value is bool flag:
                    requireLock = flag;
                    requireLockLocation = location;
                    break;
                case "require_lock":
                    Error(location, Messages.WrongType(key, "true or false", value));
                    break;
                default:
                    Error(location, Messages.UnknownKey(key, "the top level", s_rootKeys));
                    break;
            }
        }

        return new HostConfiguration
        {
            SourceFile = _file,
            SearchPaths = searchPaths,
            SourcePaths = sourcePaths,
            NuGetFeeds = feeds,
            Finders = finders,
            SharedAssemblies = shared,
            Timeouts = timeouts,
            Plugins = plugins,
            HotReload = hotReload,
            LockFile = HostConfiguration.LockFileFor(_file),
            RequireLock = requireLock,
            RequireLockLocation = requireLockLocation,
            SourcePathsLocation = sourcePathsLocation,
            NuGetFeedsLocation = feedsLocation,
        };
    }

    private static IEnumerable<SearchPathEntry> EnvironmentSearchPaths(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            yield break;
        }

        foreach (var part in value.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Like PYTHONPATH, relative entries are relative to the working directory.
            yield return new SearchPathEntry(Path.GetFullPath(part), HostConfiguration.SearchPathVariable);
        }
    }

    /// <summary>Simple assembly names (<c>MyContracts</c>), never paths or display names with versions.</summary>
    private List<string> ReadAssemblyNames(object value, SourceLocation location)
    {
        var result = new List<string>();
        if (value is not TomlArray array)
        {
            Error(location, Messages.WrongType("shared_assemblies", "an array of assembly names such as [\"MyApp.Contracts\"]", value));
            return result;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is string { Length: > 0 } name && PluginNameRules.IsValid(name, out _))
            {
                result.Add(name);
            }
            else
            {
                Error(location, Messages.WrongType($"shared_assemblies[{i}]", "a simple assembly name such as \"MyApp.Contracts\" (no path, no version)", array[i]));
            }
        }

        return result;
    }

    private List<SearchPathEntry> ReadSearchPaths(object value, SourceLocation location)
    {
        var result = new List<SearchPathEntry>();
        if (value is not TomlArray array)
        {
            Error(location, Messages.WrongType("search_paths", "an array of folder paths, such as [\"plugins\"]", value));
            return result;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is string { Length: > 0 } path)
            {
                if (FullPath($"search_paths[{i}]", path, location) is { } full)
                {
                    result.Add(new SearchPathEntry(full, $"{location}"));
                }
            }
            else
            {
                Error(location, Messages.WrongType($"search_paths[{i}]", "a non-empty folder path string", array[i]));
            }
        }

        return result;
    }

    private List<PluginEntry> ReadPlugins(object value, SourceLocation location)
    {
        var result = new List<PluginEntry>();
        if (value is not TomlArray array)
        {
            Error(location, Messages.WrongType("plugins", "an array of plugin names or { name = \"...\" } tables", value));
            return result;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            var entry = array[i] switch
            {
                string name => new PluginEntry { Name = PluginNameRules.Normalize(name), Location = location },
                TomlTable table => ReadPluginTable(table, i, location),
                var other => WrongPluginItem(i, other, location),
            };
            if (entry is null)
            {
                continue;
            }

            var where = entry.Location ?? location;
            if (!PluginNameRules.IsValid(entry.Name, out var reason))
            {
                Error(where, Messages.InvalidPluginName(entry.Name, reason));
            }
            else if (!seen.Add(entry.Name))
            {
                Error(where, Messages.DuplicatePluginEntry(entry.Name));
            }
            else
            {
                result.Add(entry);
            }
        }

        return result;
    }

    private PluginEntry? WrongPluginItem(int index, object? value, SourceLocation location)
    {
        Error(location, Messages.WrongType($"plugins[{index}]", "a plugin name string or a { name = \"...\" } table", value));
        return null;
    }

    private PluginEntry? ReadPluginTable(TomlTable table, int index, SourceLocation listLocation)
    {
        string? name = null;
        var enabled = true;
        var hotReload = true;
        string? path = null;
        string? version = null;
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        SourceLocation? nameLocation = null;
        SourceLocation? versionLocation = null;

        foreach (var (key, value) in table)
        {
            var location = LocationOf(table, key, listLocation);
            switch (key)
            {
                case "name" when value is string text:
                    name = PluginNameRules.Normalize(text);
                    nameLocation = location;
                    break;
                case "name":
                    Error(location, Messages.WrongType($"plugins[{index}].name", "a plugin name string", value));
                    break;
                case "enabled" when value is bool flag:
                    enabled = flag;
                    break;
                case "enabled":
                    Error(location, Messages.WrongType($"plugins[{index}].enabled", "true or false", value));
                    break;
                case "hot_reload" when value is bool flag:
                    hotReload = flag;
                    break;
                case "hot_reload":
                    Error(location, Messages.WrongType($"plugins[{index}].hot_reload", "true or false", value));
                    break;
                case "settings":
                    ReadSettings(value, index, location, settings);
                    break;
                case "path" when value is string { Length: > 0 } text:
                    path = FullPath($"plugins[{index}].path", text, location);
                    break;
                case "version" when value is string { Length: > 0 } text:
                    version = text;
                    versionLocation = location;
                    break;
                case "version":
                    Error(location, Messages.WrongType($"plugins[{index}].version", "a NuGet version or range string such as \"[1.0,2.0)\"", value));
                    break;
                case "path":
                    Error(location, Messages.WrongType($"plugins[{index}].path", "the path of the plugin's .dll or of its folder, relative to this file", value));
                    break;
                default:
                    Error(location, Messages.UnknownKey(key, $"plugins[{index}]", s_pluginKeys));
                    break;
            }
        }

        if (name is null)
        {
            if (!table.ContainsKey("name"))
            {
                Error(listLocation, Messages.MissingPluginName(index));
            }

            return null;
        }

        return new PluginEntry
        {
            Name = name,
            Enabled = enabled,
            HotReload = hotReload,
            Settings = settings,
            Path = path,
            Version = version,
            VersionLocation = versionLocation,
            Location = nameLocation,
        };
    }

    private HotReloadOptions ReadHotReload(object value, SourceLocation location)
    {
        var options = new HotReloadOptions();
        if (value is not TomlTable table)
        {
            Error(location, Messages.WrongType("hot_reload", "a table such as [hot_reload] with enabled = true", value));
            return options;
        }

        foreach (var (key, item) in table)
        {
            var where = LocationOf(table, key, location);
            switch (key, item)
            {
                case ("enabled", bool flag):
                    options = options with { Enabled = flag };
                    break;
                case ("polling", bool flag):
                    options = options with { UsePolling = flag };
                    break;
                case ("debounce_ms", long ms) when ms is >= 0 and <= 60_000:
                    options = options with { Debounce = TimeSpan.FromMilliseconds(ms) };
                    break;
                case ("poll_interval_ms", long ms) when ms is >= 10 and <= 60_000:
                    options = options with { PollInterval = TimeSpan.FromMilliseconds(ms) };
                    break;
                case ("enabled" or "polling", _):
                    Error(where, Messages.WrongType($"hot_reload.{key}", "true or false", item));
                    break;
                case ("debounce_ms", _):
                    Error(where, Messages.WrongType("hot_reload.debounce_ms", "a whole number of milliseconds from 0 to 60000", item));
                    break;
                case ("poll_interval_ms", _):
                    Error(where, Messages.WrongType("hot_reload.poll_interval_ms", "a whole number of milliseconds from 10 to 60000", item));
                    break;
                default:
                    Error(where, Messages.UnknownKey(key, "[hot_reload]", s_hotReloadKeys));
                    break;
            }
        }

        return options;
    }

    private PluginTimeouts ReadTimeouts(object value, SourceLocation location)
    {
        var timeouts = new PluginTimeouts();
        if (value is not TomlTable table)
        {
            Error(location, Messages.WrongType("timeouts", "a table such as [timeouts] with register_ms = 30000", value));
            return timeouts;
        }

        foreach (var (key, item) in table)
        {
            var where = LocationOf(table, key, location);
            if (item is not long ms || ms is < 1 or > 3_600_000)
            {
                Error(where, s_timeoutKeys.Contains(key)
                    ? Messages.WrongType($"timeouts.{key}", "a whole number of milliseconds from 1 to 3600000", item)
                    : Messages.UnknownKey(key, "[timeouts]", s_timeoutKeys));
                continue;
            }

            var limit = TimeSpan.FromMilliseconds(ms);
            timeouts = key switch
            {
                "register_ms" => timeouts with { Register = limit },
                "start_ms" => timeouts with { Start = limit },
                "stop_ms" => timeouts with { Stop = limit },
                "dispose_ms" => timeouts with { Dispose = limit },
                _ => timeouts,
            };
            if (!s_timeoutKeys.Contains(key))
            {
                Error(where, Messages.UnknownKey(key, "[timeouts]", s_timeoutKeys));
            }
        }

        return timeouts;
    }

    private void ReadSettings(object value, int index, SourceLocation location, Dictionary<string, string> settings, string? keyPath = null)
    {
        keyPath ??= $"plugins[{index}].settings";
        if (value is not TomlTable table)
        {
            Error(location, Messages.WrongType(keyPath, "a table such as { greeting = \"Hello\" }", value));
            return;
        }

        foreach (var (key, item) in table)
        {
            string? text = item switch
            {
                string s => s,
                bool b => b ? "true" : "false",
                long or double => Convert.ToString(item, CultureInfo.InvariantCulture),
                _ => null,
            };
            if (text is null)
            {
                Error(LocationOf(table, key, location), Messages.WrongType($"{keyPath}.{key}", "a string, number or boolean", item));
            }
            else
            {
                settings[key] = text;
            }
        }
    }

    private SourceLocation LocationOf(TomlTable table, string key, SourceLocation? fallback = null) => _document.LocationOf(table, key, fallback);

    private void Error(SourceLocation location, string message) => _document.Error(location, message);
}
