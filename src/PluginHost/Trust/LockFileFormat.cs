using System.Collections.Immutable;
using System.Text.Json;
using PluginHost.Diagnostics;

namespace PluginHost.Trust;

/// <summary>
/// The lock file's JSON: <c>{ "lockVersion": 1, "configuration": "plugins.toml", "plugins": { "Name": { "Name.dll": "sha256 hex", ... } } }</c>,
/// keys sorted so that re-locking unchanged plugins changes nothing, and the configuration relative to the lock file.
/// </summary>
internal static class LockFileFormat
{
    public const int Version = 1;

    public static void Write(string file, string configurationFile, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> plugins)
    {
        using var stream = File.Create(file);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("lockVersion", Version);
        json.WriteString("configuration", Path.GetRelativePath(Path.GetDirectoryName(file) ?? ".", configurationFile).Replace(Path.DirectorySeparatorChar, '/'));
        json.WriteStartObject("plugins");
        foreach (var (name, files) in plugins.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject(name);
            foreach (var (path, hash) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                json.WriteString(path, hash);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <exception cref="PluginConfigurationException">The file cannot be read or is not a lock file.</exception>
    public static (string Configuration, ImmutableSortedDictionary<string, IReadOnlyDictionary<string, string>> Plugins) Read(string file)
    {
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(file);
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw Invalid(file, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, Messages.LockFileNotJson(e.Message));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Invalid(file, 1, 1, Messages.LockFileUnreadable(e));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("lockVersion", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != Version
                || !root.TryGetProperty("configuration", out var configuration) || configuration.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("plugins", out var pluginsElement) || pluginsElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(file, 1, 1, Messages.LockFileSchema(Version));
            }

            var plugins = ImmutableSortedDictionary.CreateBuilder<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
            foreach (var plugin in pluginsElement.EnumerateObject())
            {
                if (plugin.Value.ValueKind != JsonValueKind.Object)
                {
                    throw Invalid(file, 1, 1, Messages.LockFileSchema(Version));
                }

                var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
                foreach (var entry in plugin.Value.EnumerateObject())
                {
                    files[entry.Name] = entry.Value.ValueKind == JsonValueKind.String
                        ? entry.Value.GetString()!
                        : throw Invalid(file, 1, 1, Messages.LockFileSchema(Version));
                }

                plugins[plugin.Name] = files;
            }

            var folder = Path.GetDirectoryName(file) ?? ".";
            return (Path.GetFullPath(Path.Combine(folder, configuration.GetString()!)), plugins.ToImmutable());
        }
    }

    private static PluginConfigurationException Invalid(string file, int line, int column, string message) =>
        new(file, [new ConfigurationError(new SourceLocation(file, line, column), message)]);
}
