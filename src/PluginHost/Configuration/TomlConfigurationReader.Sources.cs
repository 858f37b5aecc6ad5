using PluginHost.Diagnostics;
using Tomlyn.Model;

namespace PluginHost.Configuration;

/// <summary>The keys that say where plugins come from besides drop-in folders: source folders, feeds, custom finders.</summary>
internal sealed partial class TomlConfigurationReader
{
    private static readonly string[] s_finderKeys = ["type", "assembly", "position", "settings"];

    private string ConfigurationFolder => Path.GetDirectoryName(_file)!;

    /// <summary>
    /// <paramref name="relative"/> resolved against the TOML file's folder, or null with an error at
    /// <paramref name="location"/> when it is no path at all (a NUL character, say), so no value throws.
    /// </summary>
    private string? FullPath(string key, string relative, SourceLocation location)
    {
        try
        {
            if (!relative.Contains('\0', StringComparison.Ordinal))
            {
                return Path.GetFullPath(Path.Combine(ConfigurationFolder, relative));
            }

            Error(location, Messages.PathInvalid(key, relative, null));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or IOException)
        {
            Error(location, Messages.PathInvalid(key, relative, e));
        }

        return null;
    }

    /// <summary>An array of folder paths, relative to the TOML file.</summary>
    private List<string> ReadFolders(string key, object value, SourceLocation location)
    {
        var result = new List<string>();
        if (value is not TomlArray array)
        {
            Error(location, Messages.WrongType(key, "an array of folder paths, such as [\"scripts\"]", value));
            return result;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is string { Length: > 0 } path)
            {
                if (FullPath($"{key}[{i}]", path, location) is { } full)
                {
                    result.Add(full);
                }
            }
            else
            {
                Error(location, Messages.WrongType($"{key}[{i}]", "a non-empty folder path string", array[i]));
            }
        }

        return result;
    }

    /// <summary>Custom finders, described with where each is written; the runtime loads and creates them.</summary>
    private List<FinderDescriptor> ReadFinders(object value, SourceLocation location)
    {
        var result = new List<FinderDescriptor>();
        if (value is not TomlArray array)
        {
            Error(location, Messages.WrongType("finders", "an array of { type = \"...\", assembly = \"...\" } tables", value));
            return result;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not TomlTable table)
            {
                Error(location, Messages.WrongType($"finders[{i}]", "a { type = \"...\", assembly = \"...\" } table", array[i]));
                continue;
            }

            if (ReadFinder(table, i, location) is { } finder)
            {
                result.Add(finder);
            }
        }

        return result;
    }

    private FinderDescriptor? ReadFinder(TomlTable table, int index, SourceLocation listLocation)
    {
        string? type = null;
        string? assembly = null;
        var position = FinderPosition.Last;
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = _document.Errors.Count;
        foreach (var (key, value) in table)
        {
            var location = LocationOf(table, key, listLocation);
            switch (key)
            {
                case "type" when value is string { Length: > 0 } text:
                    type = text;
                    break;
                case "assembly" when value is string { Length: > 0 } text:
                    assembly = FullPath($"finders[{index}].assembly", text, location);
                    break;
                case "position" when value is "first" or "last":
                    position = value is "first" ? FinderPosition.First : FinderPosition.Last;
                    break;
                case "settings":
                    ReadSettings(value, index, location, settings, $"finders[{index}].settings");
                    break;
                case "type" or "assembly":
                    Error(location, Messages.WrongType($"finders[{index}].{key}", key == "type" ? "the finder's full type name" : "the path of the finder's .dll, relative to this file", value));
                    break;
                case "position":
                    Error(location, Messages.WrongType($"finders[{index}].position", "\"first\" or \"last\"", value));
                    break;
                default:
                    Error(location, Messages.UnknownKey(key, $"finders[{index}]", s_finderKeys));
                    break;
            }
        }

        if (type is null || assembly is null)
        {
            if (!table.ContainsKey("type") || !table.ContainsKey("assembly"))
            {
                Error(listLocation, Messages.MissingFinderKeys(index));
            }

            return null;
        }

        if (_document.Errors.Count > errors)
        {
            return null;
        }

        return new FinderDescriptor
        {
            Type = type,
            Assembly = assembly,
            Position = position,
            Settings = settings,
            ConfigurationDirectory = ConfigurationFolder,
            Location = LocationOf(table, "type", listLocation),
        };
    }
}
