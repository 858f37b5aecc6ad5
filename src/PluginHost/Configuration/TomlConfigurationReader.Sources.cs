using NuGet.Versioning;
using PluginHost.Diagnostics;
using Tomlyn.Model;

namespace PluginHost.Configuration;

/// <summary>The keys that say where plugins come from besides drop-in folders: source folders, feeds, custom finders.</summary>
internal sealed partial class TomlConfigurationReader
{
    private string ConfigurationFolder => Path.GetDirectoryName(_file)!;

    private string FullPath(string relative) => Path.GetFullPath(Path.Combine(ConfigurationFolder, relative));

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
                result.Add(FullPath(path));
            }
            else
            {
                Error(location, Messages.WrongType($"{key}[{i}]", "a non-empty folder path string", array[i]));
            }
        }

        return result;
    }

    /// <summary>A plugin's NuGet version constraint, checked here so a typo is reported with its line.</summary>
    private string? ReadVersionRange(object value, int index, SourceLocation location, string? name)
    {
        if (value is not string text)
        {
            Error(location, Messages.WrongType($"plugins[{index}].version", "a NuGet version or range string such as \"[1.0,2.0)\"", value));
            return null;
        }

        if (!VersionRange.TryParse(text, out _))
        {
            Error(location, Messages.InvalidVersionRange(name ?? $"plugins[{index}]", text));
            return null;
        }

        return text;
    }
}
