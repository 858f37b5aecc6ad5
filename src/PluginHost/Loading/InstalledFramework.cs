using Semver;

namespace PluginHost.Loading;

/// <summary>
/// One installed version of a shared framework: <c>&lt;dotnet root&gt;/shared/&lt;Name&gt;/&lt;Version&gt;/</c>,
/// the folder the dotnet host would put on an app's trusted platform assemblies.
/// </summary>
internal sealed record InstalledFramework(string Name, SemVersion Version, string Directory)
{
    /// <summary>
    /// The version the dotnet host would roll forward to for <paramref name="requested"/>: the highest
    /// installed one of the same major that is at least the requested version (the LatestMinor
    /// policy every plugin's runtimeconfig asks for). A pre-release is chosen only for a pre-release request.
    /// </summary>
    public static InstalledFramework? Select(string frameworksDirectory, string name, string requested)
    {
        if (!SemVersion.TryParse(requested, SemVersionStyles.Any, out var minimum))
        {
            return null;
        }

        return AllOf(frameworksDirectory, name)
            .Where(f => f.Version.Major == minimum.Major && f.Version.ComparePrecedenceTo(minimum) >= 0 && (!f.Version.IsPrerelease || minimum.IsPrerelease))
            .MaxBy(f => f.Version, SemVersion.PrecedenceComparer);
    }

    /// <summary>Every installed version of the framework <paramref name="name"/>, lowest first.</summary>
    public static IReadOnlyList<InstalledFramework> AllOf(string frameworksDirectory, string name)
    {
        var folder = Path.Combine(frameworksDirectory, name);
        if (!System.IO.Directory.Exists(folder))
        {
            return [];
        }

        return [.. System.IO.Directory.EnumerateDirectories(folder)
            .Select(d => SemVersion.TryParse(Path.GetFileName(d), SemVersionStyles.Any, out var version) ? new InstalledFramework(name, version, d) : null)
            .OfType<InstalledFramework>()
            .OrderBy(f => f.Version, SemVersion.PrecedenceComparer)];
    }

    /// <summary>The simple names of the framework's managed assemblies: every <c>*.dll</c> in its folder.</summary>
    public IReadOnlyList<string> AssemblyNames() =>
        [.. System.IO.Directory.EnumerateFiles(Directory, "*.dll").Select(Path.GetFileNameWithoutExtension).OfType<string>()];
}
