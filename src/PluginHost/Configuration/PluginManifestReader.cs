using PluginHost.Diagnostics;
using PluginHost.Toml;
using Semver;
using Tomlyn.Model;

namespace PluginHost.Configuration;

/// <summary>
/// Reads a plugin's <c>plugin.toml</c> the way <see cref="TomlConfigurationReader"/> reads the host's
/// configuration: Tomlyn validates the syntax, then each key is checked against its source span so every
/// problem names its file, line and column, all reported at once.
/// </summary>
internal sealed class PluginManifestReader
{
    private static readonly string[] s_keys = ["name", "version", "description", "entry", "requires", "shared_assemblies", "reload"];

    private readonly TomlDocument _document;
    private readonly string _file;

    private PluginManifestReader(TomlDocument document)
    {
        _document = document;
        _file = document.File;
    }

    /// <summary>Reads <c>plugin.toml</c> in <paramref name="folder"/>; null when the folder has none.</summary>
    /// <exception cref="PluginImportException">The manifest exists but is not valid (<see cref="ImportFailure.InvalidManifest"/>).</exception>
    public static PluginManifest? TryRead(string pluginName, string folder)
    {
        var file = Path.Combine(folder, PluginManifest.FileName);
        if (!File.Exists(file))
        {
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Invalid(pluginName, file, [new ConfigurationError(new SourceLocation(file, 1, 1), Messages.ConfigurationUnreadable(e))]);
        }

        return Read(pluginName, file, text);
    }

    public static PluginManifest Read(string pluginName, string file, string text)
    {
        var document = TomlDocument.Parse(file, text, out var syntaxErrors)
            ?? throw Invalid(pluginName, file, syntaxErrors);
        var manifest = new PluginManifestReader(document).ReadRoot(document.Root);
        return document.Errors.Count > 0 ? throw Invalid(pluginName, file, document.Errors) : manifest;
    }

    private static PluginImportException Invalid(string pluginName, string file, IReadOnlyList<ConfigurationError> errors) =>
        new(pluginName, ImportFailure.InvalidManifest, Messages.ManifestInvalid(pluginName, file, errors)) { Origin = file };

    private PluginManifest ReadRoot(TomlTable root)
    {
        var manifest = new PluginManifest { File = _file };
        foreach (var (key, value) in root)
        {
            var location = LocationOf(root, key);
            switch (key, value)
            {
                case ("name", string name) when PluginNameRules.IsValid(name, out _):
                    manifest = manifest with { Name = PluginNameRules.Normalize(name) };
                    break;
                case ("name", string name):
                    PluginNameRules.IsValid(name, out var reason);
                    Error(location, Messages.InvalidPluginName(name, reason));
                    break;
                case ("version", string version) when SemVersion.TryParse(version, SemVersionStyles.Strict, out var parsed):
                    manifest = manifest with { Version = parsed.ToString() };
                    break;
                case ("version", string version):
                    Error(location, Messages.ManifestVersionInvalid(version));
                    break;
                case ("description", string description):
                    manifest = manifest with { Description = description };
                    break;
                case ("entry", string entry) when IsFileName(entry):
                    manifest = manifest with { Entry = entry };
                    break;
                case ("requires", TomlArray array):
                    manifest = manifest with { Requires = ReadRequires(array, location) };
                    break;
                case ("shared_assemblies", TomlArray array):
                    manifest = manifest with { SharedAssemblies = ReadStrings(key, array, location) };
                    break;
                case ("name" or "version" or "description", _):
                    Error(location, Messages.WrongType(key, key == "version" ? "a SemVer version string such as \"1.2.0\"" : "a string", value));
                    break;
                case ("entry", _):
                    Error(location, Messages.WrongType(key, "the entry assembly's file name, such as \"Greeter.dll\", in the manifest's folder", value));
                    break;
                case ("requires", _):
                    Error(location, Messages.WrongType(key, "an array of requirements such as [\"Greeter >= 1.2, < 2\"]", value));
                    break;
                case ("reload", "overlap"):
                    manifest = manifest with { Reload = ReloadOrder.Overlap };
                    break;
                case ("reload", "stop-first"):
                    manifest = manifest with { Reload = ReloadOrder.StopFirst };
                    break;
                case ("reload", _):
                    Error(location, Messages.WrongType(key, "\"overlap\" (the default: the new generation starts before the old one stops) or \"stop-first\"", value));
                    break;
                case ("shared_assemblies", _):
                    Error(location, Messages.WrongType(key, "an array of assembly names such as [\"Newtonsoft.Json\"]", value));
                    break;
                default:
                    Error(location, Messages.UnknownKey(key, PluginManifest.FileName, s_keys));
                    break;
            }
        }

        return manifest;
    }

    private static bool IsFileName(string entry) =>
        entry.Length > 0 && entry == Path.GetFileName(entry) && entry != ".." && entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
        && entry.IndexOfAny(['\0', '/', '\\']) < 0;

    private List<PluginRequirement> ReadRequires(TomlArray array, SourceLocation location)
    {
        var result = new List<PluginRequirement>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not string text)
            {
                Error(location, Messages.WrongType($"requires[{i}]", "a requirement string such as \"Greeter >= 1.2, < 2\"", array[i]));
            }
            else if (!PluginRequirement.TryParse(text, location, out var requirement, out var error))
            {
                Error(location, error);
            }
            else if (result.Any(r => r.Name == requirement.Name))
            {
                Error(location, Messages.DuplicateRequirement(requirement.Name));
            }
            else
            {
                result.Add(requirement);
            }
        }

        return result;
    }

    private List<string> ReadStrings(string key, TomlArray array, SourceLocation location)
    {
        var result = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is string { Length: > 0 } text)
            {
                result.Add(text);
            }
            else
            {
                Error(location, Messages.WrongType($"{key}[{i}]", "a non-empty assembly name", array[i]));
            }
        }

        return result;
    }

    private SourceLocation LocationOf(TomlTable table, string key) => _document.LocationOf(table, key);

    private void Error(SourceLocation location, string message) => _document.Error(location, message);
}
