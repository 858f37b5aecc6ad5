using System.Reflection;

namespace PluginHost.Hosting.Tests.Support;

/// <summary>Where the test build deployed the fixture plugins, and copies of them in a test's own folder.</summary>
internal static class Fixtures
{
    public const string TypedGreeter = "TypedGreeter";
    public const string HostServices = "HostServicesPlugin";
    public const string Throwing = "ThrowingPlugin";
    public const string Lifecycle = "LifecyclePlugin";

    private static readonly string s_root =
        typeof(Fixtures).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FixturesRoot").Value!;

    /// <summary>The deployed folder of a fixture build (<c>TypedGreeter.V1</c> for a build whose folder is not its name).</summary>
    public static string FolderOf(string build)
    {
        var folder = Path.Combine(s_root, build);
        return Directory.Exists(folder)
            ? folder
            : throw new InvalidOperationException($"The fixture plugin '{build}' was not built into '{folder}'. Build the solution (dotnet build) first.");
    }

    /// <summary>Copies a fixture build into <paramref name="searchPath"/>/<paramref name="name"/>, where the directory finder looks for the plugin <paramref name="name"/>.</summary>
    public static void CopyPlugin(string searchPath, string name, string? build = null)
    {
        var source = FolderOf(build ?? name);
        var destination = Path.Combine(searchPath, name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
