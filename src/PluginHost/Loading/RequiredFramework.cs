using System.Text.Json;

namespace PluginHost.Loading;

/// <summary>
/// A shared framework a plugin was built against, as its <c>&lt;Name&gt;.runtimeconfig.json</c> names it
/// (<c>runtimeOptions.framework</c> or <c>runtimeOptions.frameworks</c>). Every plugin built with
/// <c>EnableDynamicLoading</c> has that file beside its entry assembly.
/// </summary>
/// <param name="Name">The framework's name, such as <c>Microsoft.AspNetCore.App</c>.</param>
/// <param name="Version">The lowest version the plugin accepts, as written, such as <c>10.0.0</c>.</param>
/// <param name="RuntimeConfig">The file that names it.</param>
internal sealed record RequiredFramework(string Name, string Version, string RuntimeConfig)
{
    /// <summary>The frameworks named by the runtimeconfig beside <paramref name="entryAssembly"/>; none when it has no such file.</summary>
    public static IReadOnlyList<RequiredFramework> Of(string entryAssembly)
    {
        var file = Path.ChangeExtension(entryAssembly, ".runtimeconfig.json");
        if (!File.Exists(file))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (!document.RootElement.TryGetProperty("runtimeOptions", out var options) || options.ValueKind != JsonValueKind.Object)
            {
                return [];
            }

            var named = new List<RequiredFramework>();
            if (options.TryGetProperty("framework", out var single))
            {
                Add(single, file, named);
            }

            if (options.TryGetProperty("frameworks", out var several) && several.ValueKind == JsonValueKind.Array)
            {
                foreach (var framework in several.EnumerateArray())
                {
                    Add(framework, file, named);
                }
            }

            return named;
        }
        catch (JsonException)
        {
            // The host ignores what it cannot read here, as it did before frameworks were provided: the
            // runtimeconfig describes how to launch an app, and a plugin is never launched with it.
            return [];
        }
    }

    private static void Add(JsonElement framework, string file, List<RequiredFramework> named)
    {
        if (framework.ValueKind == JsonValueKind.Object
            && framework.TryGetProperty("name", out var name) && name.GetString() is { Length: > 0 } frameworkName
            && framework.TryGetProperty("version", out var version) && version.GetString() is { Length: > 0 } frameworkVersion)
        {
            named.Add(new RequiredFramework(frameworkName, frameworkVersion, file));
        }
    }
}
