using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PluginHost.Configuration;

namespace PluginHost.Hosting;

/// <summary>
/// Reads the <c>PluginHost</c> section of the app's configuration into <see cref="PluginHostOptions"/>. Read
/// by hand rather than by the configuration binder, so that a misspelt key is reported instead of ignored,
/// and every value that cannot be read is reported, with its key path, instead of the first one throwing.
/// </summary>
internal sealed class ConfigurationReader(IConfiguration? configuration) : IConfigureOptions<PluginHostOptions>
{
    // Each key the section may hold, in the order an unknown key's message lists them, with how it is read.
    private static readonly (string Key, Action<IConfigurationSection, OptionSources, string, PluginHostOptions> Read)[] s_readers =
    [
        (nameof(PluginHostOptions.ConfigurationFile), static (key, sources, name, options) => SetText(key, sources, name, v => options.ConfigurationFile = v)),
        (nameof(PluginHostOptions.SearchPaths), static (key, sources, name, options) => ReadStrings(key, sources, name, "folders", options.SearchPaths)),
        (nameof(PluginHostOptions.Plugins), static (key, sources, _, options) => ReadPlugins(key, sources, options.Plugins)),
        (nameof(PluginHostOptions.SharedAssemblies), static (key, sources, name, options) => ReadStrings(key, sources, name, "assembly names", options.SharedAssemblies)),
        (nameof(PluginHostOptions.HotReload), static (key, sources, name, options) => Set(key, sources, name, Boolean, v => options.HotReload = v)),
        (nameof(PluginHostOptions.HotReloadDebounce), static (key, sources, name, options) => Set(key, sources, name, Duration, v => options.HotReloadDebounce = v)),
        (nameof(PluginHostOptions.HotReloadPolling), static (key, sources, name, options) => Set(key, sources, name, Boolean, v => options.HotReloadPolling = v)),
        (nameof(PluginHostOptions.RegisterTimeout), static (key, sources, name, options) => Set(key, sources, name, Duration, v => options.RegisterTimeout = v)),
        (nameof(PluginHostOptions.StartTimeout), static (key, sources, name, options) => Set(key, sources, name, Duration, v => options.StartTimeout = v)),
        (nameof(PluginHostOptions.StopTimeout), static (key, sources, name, options) => Set(key, sources, name, Duration, v => options.StopTimeout = v)),
        (nameof(PluginHostOptions.DisposeTimeout), static (key, sources, name, options) => Set(key, sources, name, Duration, v => options.DisposeTimeout = v)),
    ];

    private static readonly string[] s_keys = [.. s_readers.Select(r => r.Key)];

    private static readonly string[] s_pluginKeys =
    [
        nameof(PluginEntry.Name), nameof(PluginEntry.Enabled), nameof(PluginEntry.HotReload), nameof(PluginEntry.Path),
        nameof(PluginEntry.Version), nameof(PluginEntry.Settings),
    ];

    public void Configure(PluginHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (configuration is null)
        {
            return;
        }

        var sources = options.Sources;
        foreach (var child in configuration.GetSection(PluginHostOptions.SectionName).GetChildren())
        {
            // Configuration keys are case-insensitive, as the binder treats them.
            var reader = Array.Find(s_readers, r => string.Equals(r.Key, child.Key, StringComparison.OrdinalIgnoreCase));
            if (reader.Read is null)
            {
                sources.Add(child.Path, HostingMessages.UnknownKey(child.Key, s_keys));
                continue;
            }

            reader.Read(child, sources, reader.Key, options);
        }
    }

    // Configuration keys are case-insensitive, as the binder treats them.
    private static string? Canonical(string key, string[] known) =>
        Array.Find(known, k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads one value; records where it came from, or what is wrong with it. An empty value sets nothing.</summary>
    private static void Set<T>(IConfigurationSection key, OptionSources sources, string property, Func<string, T?> parse, Action<T> set)
        where T : struct
    {
        if (Scalar(key, sources) is not { } text)
        {
            return;
        }

        if (parse(text) is { } value)
        {
            set(value);
            sources.Record(property, value, key.Path);
        }
        else
        {
            sources.Add(key.Path, typeof(T) == typeof(bool) ? HostingMessages.NotABoolean(text) : HostingMessages.NotATimeSpan(text));
        }
    }

    private static void SetText(IConfigurationSection key, OptionSources sources, string property, Action<string> set)
    {
        if (Scalar(key, sources) is not { } text)
        {
            return;
        }

        set(text);
        sources.Record(property, text, key.Path);
    }

    private static bool? Boolean(string text) => bool.TryParse(text, out var value) ? value : null;

    private static TimeSpan? Duration(string text) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>A key's value; null when it is empty, or when it is a section (reported).</summary>
    private static string? Scalar(IConfigurationSection key, OptionSources sources)
    {
        if (key.Value is null)
        {
            if (key.GetChildren().Any())
            {
                sources.Add(key.Path, HostingMessages.NotAValue());
            }

            return null;
        }

        return key.Value.Length == 0 ? null : key.Value;
    }

    private static void ReadStrings(IConfigurationSection list, OptionSources sources, string property, string what, IList<string> into)
    {
        if (!string.IsNullOrEmpty(list.Value))
        {
            sources.Add(list.Path, HostingMessages.NotAList(what));
            return;
        }

        foreach (var item in list.GetChildren())
        {
            // An empty item is kept, so the check at start reports it where it is.
            if (item.Value is not null || !item.GetChildren().Any())
            {
                var value = item.Value ?? string.Empty;
                sources.Record($"{property}[{into.Count}]", value, item.Path);
                into.Add(value);
            }
            else
            {
                sources.Add(item.Path, HostingMessages.NotAValue());
            }
        }
    }

    private static void ReadPlugins(IConfigurationSection list, OptionSources sources, IList<PluginEntry> into)
    {
        if (!string.IsNullOrEmpty(list.Value))
        {
            sources.Add(list.Path, HostingMessages.NotAList("plugins (names, or sections with a Name)"));
            return;
        }

        foreach (var item in list.GetChildren())
        {
            var property = $"{nameof(PluginHostOptions.Plugins)}[{into.Count}]";
            if (item.Value is not null)
            {
                // A plugin written as its name alone: "Plugins": [ "Greeter" ].
                sources.Record($"{property}.{nameof(PluginEntry.Name)}", item.Value, item.Path);
                into.Add(new PluginEntry { Name = item.Value });
            }
            else if (ReadPlugin(item, sources, property) is { } entry)
            {
                into.Add(entry);
            }
        }
    }

    private static PluginEntry? ReadPlugin(IConfigurationSection item, OptionSources sources, string property)
    {
        string? name = null;
        string? namePath = null;
        string? path = null;
        string? version = null;
        bool? enabled = null;
        bool? hotReload = null;
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in item.GetChildren())
        {
            switch (Canonical(key.Key, s_pluginKeys))
            {
                case nameof(PluginEntry.Name):
                    name = key.Value ?? Scalar(key, sources);
                    namePath = key.Path;
                    break;
                case nameof(PluginEntry.Path):
                    SetText(key, sources, $"{property}.{nameof(PluginEntry.Path)}", v => path = v);
                    break;
                case nameof(PluginEntry.Version):
                    SetText(key, sources, $"{property}.{nameof(PluginEntry.Version)}", v => version = v);
                    break;
                case nameof(PluginEntry.Enabled):
                    Set(key, sources, $"{property}.{nameof(PluginEntry.Enabled)}", Boolean, v => enabled = v);
                    break;
                case nameof(PluginEntry.HotReload):
                    Set(key, sources, $"{property}.{nameof(PluginEntry.HotReload)}", Boolean, v => hotReload = v);
                    break;
                case nameof(PluginEntry.Settings):
                    foreach (var setting in key.GetChildren())
                    {
                        if (Scalar(setting, sources) is { } value)
                        {
                            settings[setting.Key] = value;
                        }
                    }

                    break;
                default:
                    sources.Add(key.Path, HostingMessages.UnknownKey(key.Key, s_pluginKeys));
                    break;
            }
        }

        if (name is null)
        {
            sources.Add(item.Path, HostingMessages.MissingPluginName());
            return null;
        }

        sources.Record($"{property}.{nameof(PluginEntry.Name)}", name, namePath!);
        return new PluginEntry
        {
            Name = name,
            Path = path,
            Version = version,
            Enabled = enabled ?? true,
            HotReload = hotReload ?? true,
            Settings = settings,
        };
    }
}
