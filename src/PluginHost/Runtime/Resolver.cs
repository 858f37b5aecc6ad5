using System.Collections.Immutable;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Hooks;
using PluginHost.Loading;
using PluginHost.Results;
using Serilog;

namespace PluginHost.Runtime;

/// <summary>
/// Resolves a name to a spec without loading anything (Python's <c>find_spec</c>): the finders in order,
/// the first hit wins, its <c>plugin.toml</c> is attached, and the copies it shadows are reported. A name
/// pinned to a path is asked of the explicit-path finder alone, which is simply the first finder.
/// </summary>
internal sealed class Resolver(FinderChain finders, ConfiguredPlugins configured, ILogger log)
{
    private ConfiguredPlugins _configured = configured;

    /// <summary>The configured plugins and search path names resolve against; an accepted TOML edit replaces them whole.</summary>
    public ConfiguredPlugins Configured
    {
        get => Volatile.Read(ref _configured);
        set => Volatile.Write(ref _configured, value);
    }

    /// <exception cref="PluginImportException">The name is invalid, a manifest is invalid, or a finder threw.</exception>
    public FindResult Find(string name)
    {
        ThrowIfInvalidName(name);
        var configured = Configured;
        ImmutableArray<IPluginFinder> chain = configured.Pinned.Claims(name) ? [configured.Pinned] : finders.Snapshot();
        var context = new PluginSearchContext(configured.SearchPaths);
        var asked = new List<string>();
        for (var i = 0; i < chain.Length; i++)
        {
            var finder = chain[i];
            asked.Add(finder.Name);
            context.CurrentFinder = finder.Name;
            if (Ask(finder, name, context) is { } spec)
            {
                spec = WithManifest(spec with { Finder = spec.Finder ?? finder.Name });
                var shadowed = ShadowedBy(name, chain, i, configured.SearchPaths);
                if (shadowed.Count > 0)
                {
                    log.Warning(
                        "Plugin {Plugin} resolves to {Path}, which shadows {Shadowed}: the first in the search path and finder chain wins",
                        name, spec.Origin, shadowed.Select(s => $"{s.Origin} [{s.Finder}]").ToList());
                }

                return new FindResult(name, spec, asked, context.Probes) { Shadowed = shadowed };
            }
        }

        return new FindResult(name, null, asked, context.Probes);
    }

    /// <summary>Like <see cref="Find"/>, or null when the name cannot be resolved at all (for planning).</summary>
    public FindResult? TryFind(string name)
    {
        try
        {
            return Find(name);
        }
        catch (PluginImportException)
        {
            return null;
        }
    }

    public static void ThrowIfInvalidName(string name)
    {
        if (!PluginNameRules.IsValid(name, out var reason))
        {
            throw new PluginImportException(name ?? string.Empty, ImportFailure.InvalidName, Messages.InvalidPluginName(name, reason));
        }
    }

    public static PluginImportException NotFound(FindResult found) =>
        new(found.Name, ImportFailure.NotFound, Messages.PluginNotFound(found.Name, found.Probes, found.Finders)) { Probes = found.Probes };

    // A finder is someone else's code: what it throws is reported as this import's failure, never let through raw.
    private static PluginSpec? Ask(IPluginFinder finder, string name, PluginSearchContext context)
    {
        try
        {
            return finder.FindSpec(name, context);
        }
        catch (Exception e) when (e is not PluginImportException and not OperationCanceledException)
        {
            throw new PluginImportException(name, ImportFailure.FinderFailed, Messages.FinderThrew(name, finder.Name, e), e) { Probes = context.Probes };
        }
    }

    /// <summary>Attaches the <c>plugin.toml</c> beside the entry assembly, when the finder did not.</summary>
    private static PluginSpec WithManifest(PluginSpec spec)
    {
        var name = spec.Name;
        var folder = spec.Directory;
        var manifest = spec.Manifest ?? (folder.Length > 0 && Directory.Exists(folder) ? PluginManifestReader.TryRead(name, folder) : null);
        if (manifest is null)
        {
            return spec;
        }

        // A plugin.toml beside a lone Name.dll in a shared folder belongs to whichever plugin it names,
        // or to the plugin whose folder it is; never to every plugin in that folder.
        var ownFolder = string.Equals(Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar)), name, StringComparison.Ordinal);
        if (manifest.Name is { } manifestName && manifestName != name)
        {
            return ownFolder
                ? throw new PluginImportException(name, ImportFailure.InvalidManifest, Messages.ManifestNameMismatch(name, manifestName, manifest.File)) { Origin = manifest.File }
                : spec;
        }

        if (manifest.Name is null && !ownFolder && spec.Manifest is null)
        {
            return spec;
        }

        if (manifest.Entry is { } entry && ReferenceEquals(spec.Loader, PluginLoaders.AssemblyFile)
            && !string.Equals(Path.GetFileName(spec.Origin), entry, StringComparison.Ordinal))
        {
            var entryFile = Path.Combine(folder, entry);
            return File.Exists(entryFile)
                ? spec with { Origin = entryFile, Manifest = manifest }
                : throw new PluginImportException(name, ImportFailure.InvalidManifest, Messages.ManifestEntryMissing(name, entry, manifest.File)) { Origin = manifest.File };
        }

        return spec with { Manifest = manifest };
    }

    /// <summary>
    /// Keeps probing past the winner: the winner's own other copies, then every later finder's. Only
    /// ever on a cache miss; what it probes is not part of the winner's probes.
    /// </summary>
    private List<PluginSpec> ShadowedBy(string name, ImmutableArray<IPluginFinder> chain, int winner, IReadOnlyList<string> searchPaths)
    {
        var context = new PluginSearchContext(searchPaths);
        var shadowed = new List<PluginSpec>();
        for (var i = winner; i < chain.Length; i++)
        {
            var finder = chain[i];
            context.CurrentFinder = finder.Name;
            try
            {
                var copies = finder.FindAll(name, context).Skip(i == winner ? 1 : 0);
                shadowed.AddRange(copies.Select(s => s with { Finder = s.Finder ?? finder.Name }));
            }
#pragma warning disable CA1031 // The scan only reports; a finder failing on a copy the winner hides must not fail the import.
            catch (Exception e)
#pragma warning restore CA1031
            {
                log.Debug(e, "Finder {Finder} failed while looking for copies of {Plugin} shadowed by the winner", finder.Name, name);
            }
        }

        return shadowed;
    }
}
