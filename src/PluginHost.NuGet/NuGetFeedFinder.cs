using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Versioning;
using PluginHost.Caching;
using PluginHost.Hooks;
using PluginHost.Loading;

namespace PluginHost.NuGet;

/// <summary>
/// Plugins shipped as NuGet packages in local feeds (folders of <c>.nupkg</c> files, as <c>dotnet pack</c>
/// writes them). A name resolves to the package with that id and the highest version that satisfies its
/// constraint; its dependencies resolve in the same feed to the lowest version each allows (NuGet's rule),
/// the shared ones (<c>PluginHost.Abstractions</c>, Serilog) excepted. On load the <c>lib/</c> assemblies
/// for the framework nearest the host's are extracted to a folder named by a hash of the packages'
/// content, and <c>&lt;Name&gt;.dll</c> loads from there.
/// </summary>
public sealed class NuGetFeedFinder : IPluginFinder
{
    private static readonly HashSet<string> s_shared = new(PluginLoaders.SharedAssemblies.Select(a => a.Name!), StringComparer.OrdinalIgnoreCase);

    private readonly NuGetFeedOptions _options;
    private readonly string _cache;

    /// <summary>Creates the finder.</summary>
    /// <param name="options">The feeds, the version constraints and the cache folder.</param>
    /// <exception cref="ArgumentException">A version constraint is not a NuGet version range.</exception>
    public NuGetFeedFinder(NuGetFeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (name, range) in options.Versions)
        {
            if (!VersionRange.TryParse(range, out _))
            {
                throw new ArgumentException(NuGetMessages.InvalidVersionRange(name, range), nameof(options));
            }
        }

        _options = options;
        _cache = Path.Combine(options.CacheDirectory ?? ContentCache.DefaultRoot, "nuget");
    }

    /// <inheritdoc />
    public string Name => "nuget";

    /// <inheritdoc />
    public PluginSpec? FindSpec(string name, PluginSearchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var range = _options.Versions.TryGetValue(name, out var text) ? VersionRange.Parse(text) : VersionRange.All;
        foreach (var feed in _options.Feeds)
        {
            if (!Directory.Exists(feed))
            {
                context.RecordProbe(feed, "feed does not exist");
                continue;
            }

            var candidates = PackagesIn(feed, name);
            var best = candidates.Where(c => range.Satisfies(c.Identity.Version)).MaxBy(c => c.Identity.Version);
            if (best is null)
            {
                context.RecordProbe(Path.Combine(feed, name + ".*.nupkg"), candidates.Count == 0
                    ? "no package with this id"
                    : $"no version satisfies {range.PrettyPrint()} (the feed has {string.Join(", ", candidates.Select(c => c.Identity.Version).Order().Select(v => v.ToNormalizedString()))})");
                continue;
            }

            context.RecordProbe(best.Path, $"found {best.Identity.Id} {best.Identity.Version.ToNormalizedString()}");
            var resolution = Resolve(feed, best.Path);
            return new PluginSpec(name, best.Path, new NuGetPackageLoader(resolution)) { Finder = Name, Directory = resolution.Folder };
        }

        return null;
    }

    private NuGetResolution Resolve(string feed, string package)
    {
        var dependencies = new List<string>();
        var missing = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<string>([package]);
        while (pending.TryDequeue(out var current))
        {
            using var reader = new PackageArchiveReader(current);
            var group = NuGetFrameworkUtility.GetNearest(reader.GetPackageDependencies(), NuGetPackageLoader.HostFramework, g => g.TargetFramework);
            foreach (var dependency in group?.Packages ?? [])
            {
                if (s_shared.Contains(dependency.Id) || !seen.Add(dependency.Id))
                {
                    continue;
                }

                var match = PackagesIn(feed, dependency.Id)
                    .Where(c => dependency.VersionRange.Satisfies(c.Identity.Version))
                    .MinBy(c => c.Identity.Version);
                if (match is null)
                {
                    missing.Add($"{dependency.Id} {dependency.VersionRange.PrettyPrint()}");
                    continue;
                }

                dependencies.Add(match.Path);
                pending.Enqueue(match.Path);
            }
        }

        // The folder is named by what goes into it, so a changed package or dependency never reuses it.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(NuGetPackageLoader.HostFramework.GetShortFolderName()));
        foreach (var file in dependencies.Prepend(package))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(ContentCache.KeyOf(file)));
        }

        using var packageReader = new PackageArchiveReader(package);
        var identity = packageReader.GetIdentity();
        var folder = Path.Combine(_cache, string.Create(CultureInfo.InvariantCulture, $"{identity.Id}.{identity.Version.ToNormalizedString()}-{ContentCache.Key(hash)[..16]}"));
        return new NuGetResolution(package, dependencies, missing, folder);
    }

    private static List<Candidate> PackagesIn(string feed, string id)
    {
        var result = new List<Candidate>();
        foreach (var file in Directory.EnumerateFiles(feed, "*.nupkg"))
        {
            // NuGet names files <id>.<version>.nupkg: skip the others unread, then trust only the nuspec.
            if (!Path.GetFileName(file).StartsWith(id + ".", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            using var reader = new PackageArchiveReader(file);
            var identity = reader.GetIdentity();
            if (string.Equals(identity.Id, id, StringComparison.OrdinalIgnoreCase))
            {
                result.Add(new Candidate(identity, file));
            }
        }

        return result;
    }

    private sealed record Candidate(PackageIdentity Identity, string Path);
}
