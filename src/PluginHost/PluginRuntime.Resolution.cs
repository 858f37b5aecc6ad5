using System.Collections.Immutable;
using System.Diagnostics;
using PluginHost.Diagnostics;
using PluginHost.Finding;
using PluginHost.Loading;
using PluginHost.Resolution;

namespace PluginHost;

/// <summary>Resolution you can see: manifests, requirements in dependency order, cycles, shadowing.</summary>
public sealed partial class PluginRuntime
{
    private readonly ImportLocks _locks = new();

    /// <summary>
    /// Begins an isolation scope: every plugin imported from now until the scope is disposed is then
    /// unloaded, removed from the cache and verified collected; plugins cached before it are untouched.
    /// Meant for tests of plugins: <c>using var scope = runtime.BeginIsolationScope();</c>.
    /// </summary>
    /// <returns>The scope; dispose it to unload what was imported inside it.</returns>
    /// <exception cref="ObjectDisposedException">The runtime was disposed.</exception>
    public IsolationScope BeginIsolationScope()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new IsolationScope(this, [.. _cache.Keys]);
    }

    /// <summary>
    /// The order <see cref="ImportAll"/> loads the enabled configured plugins in, found without loading
    /// anything: each plugin after what its manifest requires (requirements not in the configuration
    /// included), otherwise in configuration order.
    /// </summary>
    /// <returns>The order, and every <c>requires</c> cycle found, each as its whole chain.</returns>
    public ImportPlan PlanImports() =>
        DependencyPlanner.Plan(_options.Plugins.Where(p => p.Enabled).Select(p => p.Name), TryFindForPlan);

    private FindResult? TryFindForPlan(string name)
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

    /// <summary>A finder's hit made whole: its manifest read, and the copies it shadows found.</summary>
    private FindResult Resolved(string name, PluginSpec spec, List<string> asked, PluginSearchContext context, ImmutableArray<IPluginFinder> finders, int winner)
    {
        spec = WithManifest(spec);
        var shadowed = ShadowedBy(name, finders, winner);
        if (shadowed.Count > 0)
        {
            _log.Warning(
                "Plugin {Plugin} resolves to {Path}, which shadows {Shadowed}: the first in the search path and finder chain wins",
                name, spec.Origin, shadowed.Select(s => $"{s.Origin} [{s.Finder}]").ToList());
        }

        return new FindResult(name, spec, asked, context.Probes) { Shadowed = shadowed };
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
    /// Keeps probing past the winner: the rest of the winning directory finder's search path, then every
    /// later finder. Only ever on a cache miss; what it probes is not part of the winner's probes.
    /// </summary>
    private List<PluginSpec> ShadowedBy(string name, ImmutableArray<IPluginFinder> finders, int winner)
    {
        var context = new PluginSearchContext(_options.SearchPaths);
        var shadowed = new List<PluginSpec>();
        for (var i = winner; i < finders.Length; i++)
        {
            var finder = finders[i];
            context.CurrentFinder = finder.Name;
            try
            {
                IEnumerable<PluginSpec> hits = finder switch
                {
                    DirectoryFinder directory => directory.FindAll(name, context).Skip(i == winner ? 1 : 0),
                    _ when i == winner => [],
                    _ => finder.FindSpec(name, context) is { } spec ? [spec] : [],
                };
                shadowed.AddRange(hits.Select(s => s with { Finder = s.Finder ?? finder.Name }));
            }
#pragma warning disable CA1031 // The scan only reports; a finder failing on a copy the winner hides must not fail the import.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _log.Debug(e, "Finder {Finder} failed while looking for copies of {Plugin} shadowed by the winner", finder.Name, name);
            }
        }

        return shadowed;
    }

    /// <summary>
    /// Imports what the manifest requires, before the plugin itself loads, and checks each version. A
    /// requirement already being resolved on this thread closes a cycle: reported with its chain, before
    /// any plugin of the cycle is loaded.
    /// </summary>
    private TimeSpan ImportRequirements(PluginSpec spec)
    {
        if (spec.Manifest is not { Requires.Count: > 0 } manifest)
        {
            return TimeSpan.Zero;
        }

        var started = Stopwatch.GetTimestamp();
        var name = spec.Name;
        foreach (var requirement in manifest.Requires)
        {
            if (ImportStack.ChainTo(this, requirement.Name, out var phase) is { } chain && phase == ImportPhase.Resolving)
            {
                throw new PluginImportException(name, ImportFailure.Cycle, Messages.RequiresCycle(chain)) { Chain = chain, Origin = spec.Origin };
            }

            LoadedPlugin dependency;
            try
            {
                dependency = Import(requirement.Name);
            }
            catch (PluginImportException e) when (e.Failure == ImportFailure.Cycle && e.Chain.Contains(name))
            {
                throw new PluginImportException(name, ImportFailure.Cycle, e.Message, e) { Chain = e.Chain, Origin = spec.Origin };
            }
            catch (PluginImportException e) when (e.Failure == ImportFailure.NotFound && e.PluginName == requirement.Name)
            {
                throw new PluginImportException(name, ImportFailure.RequirementNotFound, Messages.RequirementNotFound(name, manifest.Version, requirement, e.Message), e)
                {
                    Origin = spec.Origin,
                    Probes = e.Probes,
                };
            }
            catch (PluginImportException e)
            {
                throw new PluginImportException(name, ImportFailure.RequirementFailed, Messages.RequirementFailed(name, requirement, e.Message), e) { Origin = spec.Origin };
            }

            if (!requirement.IsSatisfiedBy(dependency.Version))
            {
                throw new PluginImportException(
                    name,
                    ImportFailure.RequirementVersionMismatch,
                    Messages.RequirementVersionMismatch(name, manifest.Version, requirement, dependency.Version, dependency.Origin))
                {
                    Origin = spec.Origin,
                };
            }
        }

        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Records the requirements as imports, so reloading a requirement reloads this plugin after it.</summary>
    private void RecordRequirements(PluginSpec spec)
    {
        foreach (var requirement in spec.Manifest?.Requires ?? [])
        {
            RecordImport(spec.Name, requirement.Name);
        }
    }

    /// <summary>An import from inside Register that reaches a plugin still registering on this thread: allowed, as in Python, and reported.</summary>
    private void WarnIfRegisterCycle(string importer, string name)
    {
        if (ImportStack.ChainTo(this, name, out var phase) is { } chain && phase == ImportPhase.Registering)
        {
            _log.Warning(
                "Import cycle through Register: {Chain}. {Importer} gets {Plugin} partially registered, as Python gives a partially initialised module; declare the order with requires to avoid it",
                string.Join(" -> ", chain), importer, name);
        }
    }

    /// <summary>Unloads what an isolation scope imported, newest first.</summary>
    internal List<UnloadResult> UnloadAllExcept(IReadOnlySet<string> keep) =>
        [.. _cache.Values
            .Where(p => !keep.Contains(p.Name))
            .OrderByDescending(p => p.LoadOrder)
            .Select(p => Unload(p.Name))
            .OfType<UnloadResult>()];
}
