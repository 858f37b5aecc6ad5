using System.Reflection;
using PluginHost.Configuration;
using PluginHost.Results;

namespace PluginHost.Leaks.Tests.Support;

/// <summary>
/// Copies of the LeakZoo fixture under one name per leak, each told by its "leak" setting how to leak,
/// all in one runtime, so one snapshot explains them all.
/// </summary>
internal sealed class LeakingPlugins : IAsyncDisposable
{
    private readonly string _searchPath = Path.Combine(Path.GetTempPath(), "pluginhost-leaks-" + Guid.NewGuid().ToString("N"));

    private LeakingPlugins(IReadOnlyDictionary<string, string> leaks)
    {
        var fixture = Path.Combine(FixturesRoot, "LeakZoo");
        foreach (var name in leaks.Keys)
        {
            var folder = Path.Combine(_searchPath, name);
            Directory.CreateDirectory(folder);
            foreach (var file in Directory.EnumerateFiles(fixture))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            File.WriteAllText(Path.Combine(folder, "plugin.toml"), "entry = \"LeakZoo.dll\"\nshared_assemblies = [\"LeakShared\"]\n");
        }

        Runtime = new PluginRuntime(new PluginRuntimeOptions
        {
            SearchPaths = [_searchPath],
            Plugins = [.. leaks.Select(l => new PluginEntry { Name = l.Key, Settings = new Dictionary<string, string> { ["leak"] = l.Value } })],
        });
    }

    public PluginRuntime Runtime { get; }

    public static string FixturesRoot { get; } =
        typeof(LeakingPlugins).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FixturesRoot").Value!;

    /// <summary>Imports every plugin, each leaking as its setting says.</summary>
    public static LeakingPlugins Import(IReadOnlyDictionary<string, string> leaks)
    {
        GC.KeepAlive(typeof(LeakShared.SharedCache));
        var plugins = new LeakingPlugins(leaks);
        var failed = plugins.Runtime.ImportAll().Where(o => o.Error is not null).Select(o => o.Error!.Message).ToList();
        return failed.Count == 0 ? plugins : throw new InvalidOperationException(string.Join(Environment.NewLine, failed));
    }

    /// <summary>Unloads them all; each result says whether it was collected.</summary>
    public async Task<IReadOnlyDictionary<string, UnloadResult>> UnloadAllAsync()
    {
        var results = new Dictionary<string, UnloadResult>(StringComparer.Ordinal);
        foreach (var plugin in Runtime.Loaded.Select(p => p.Name).ToList())
        {
            results[plugin] = (await Runtime.UnloadAsync(plugin))!;
        }

        return results;
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        try
        {
            Directory.Delete(_searchPath, recursive: true);
        }
        catch (IOException)
        {
            // A leaked generation may still map a file on some platforms; the temp folder's cleanup gets it.
        }
    }
}
