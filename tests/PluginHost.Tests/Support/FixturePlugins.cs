using System.Reflection;

namespace PluginHost.Tests.Support;

/// <summary>Where the test build deployed the fixture plugins, and scratch search paths built from them.</summary>
internal static class FixturePlugins
{
    public const string Counting = "CountingPlugin";
    public const string SelfImporter = "SelfImporter";
    public const string Throwing = "ThrowingPlugin";
    public const string NoPluginType = "NoPluginType";
    public const string TwoPluginTypes = "TwoPluginTypes";
    public const string Dependent = "DependentPlugin";
    public const string Leaky = "LeakyPlugin";
    public const string Manifest = "ManifestPlugin";
    public const string Requiring = "RequiringPlugin";
    public const string AspNetCore = "AspNetCorePlugin";
    public const string Hanging = "HangingPlugin";

    public static string Root { get; } = Metadata("FixturesRoot");

    public static string RepoRoot { get; } = Metadata("RepoRoot");

    /// <summary>The local NuGet feed the test build packs the packaged fixtures into.</summary>
    public static string Feed { get; } = Metadata("FixtureFeed");

    /// <summary>The deployed folder of one fixture: Root/Name/Name.dll with its dependencies.</summary>
    public static string FolderOf(string name)
    {
        var folder = Path.Combine(Root, name);
        return File.Exists(Path.Combine(folder, name + ".dll"))
            ? folder
            : throw new InvalidOperationException($"The fixture plugin '{name}' was not built into '{folder}'. Build the solution (dotnet build) first.");
    }

    /// <summary>Copies fixture folders into a fresh search path the test may change freely.</summary>
    public static string CopyToSearchPath(IScratchDirectory directory, params string[] names)
    {
        foreach (var name in names)
        {
            CopyFolder(FolderOf(name), Path.Combine(directory.Path, name));
        }

        return directory.Path;
    }

    /// <summary>
    /// A plugin named <paramref name="name"/> in <paramref name="searchPath"/>: a copy of ManifestPlugin
    /// whose plugin.toml says entry = "ManifestPlugin.dll", then <paramref name="manifest"/>'s lines.
    /// </summary>
    public static string AddManifestPlugin(string searchPath, string name, string manifest = "")
    {
        var folder = Path.Combine(searchPath, name);
        CopyFolder(FolderOf(Manifest), folder);
        File.WriteAllText(Path.Combine(folder, "plugin.toml"), $"entry = \"{Manifest}.dll\"\n{manifest}\n");
        return folder;
    }

    public static void CopyFolder(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static string Metadata(string key) =>
        typeof(FixturePlugins).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
