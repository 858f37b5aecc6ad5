using System.Reflection;
using System.Runtime.Versioning;
using NuGet.Frameworks;
using NuGet.Packaging;
using PluginHost.Caching;
using PluginHost.Diagnostics;
using PluginHost.Hooks;
using PluginHost.Loading;

namespace PluginHost.NuGet;

/// <summary>
/// Extracts a resolved package and its dependencies (their <c>lib/</c> assemblies for the framework
/// nearest the host's) into one content-addressed folder, then loads <c>&lt;Name&gt;.dll</c> from it with
/// <see cref="PluginLoaders.AssemblyFile"/>, which finds the dependencies beside it.
/// </summary>
internal sealed class NuGetPackageLoader(NuGetResolution resolution) : IPluginLoader
{
    /// <summary>The framework the host was built for, which a package's lib folder must be compatible with.</summary>
    public static NuGetFramework HostFramework { get; } = NuGetFramework.ParseFrameworkName(
        typeof(NuGetPackageLoader).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName, DefaultFrameworkNameProvider.Instance);

    public string Name => "nuget";

    public LoadedAssembly Load(PluginSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (resolution.Missing.Count > 0)
        {
            throw new PluginImportException(spec.Name, ImportFailure.LoadFailed, NuGetMessages.DependenciesMissing(spec.Name, spec.Origin, resolution.Missing))
            {
                Origin = spec.Origin,
            };
        }

        var folder = ContentCache.EnsureFolder(resolution.Folder, target =>
        {
            foreach (var package in resolution.Dependencies.Prepend(resolution.Package))
            {
                ExtractLib(package, target);
            }
        });
        var entry = Path.Combine(folder, spec.Name + ".dll");
        if (!File.Exists(entry))
        {
            throw new PluginImportException(spec.Name, ImportFailure.LoadFailed, NuGetMessages.NoAssembly(spec.Name, spec.Origin, HostFramework.GetShortFolderName()))
            {
                Origin = spec.Origin,
            };
        }

        return PluginLoaders.AssemblyFile.Load(spec with { Origin = entry });
    }

    private static void ExtractLib(string package, string target)
    {
        using var reader = new PackageArchiveReader(package);
        var nearest = NuGetFrameworkUtility.GetNearest(reader.GetLibItems(), HostFramework, g => g.TargetFramework);
        foreach (var item in nearest?.Items ?? [])
        {
            if (item.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || item.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase))
            {
                using var source = reader.GetStream(item);
                using var destination = File.Create(Path.Combine(target, Path.GetFileName(item)));
                source.CopyTo(destination);
            }
        }
    }
}
