using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Hooks;
using PluginHost.Registration;
using PluginHost.Results;
using PluginHost.Trust;
using Serilog;

namespace PluginHost.Runtime;

/// <summary>
/// The one import transaction: resolve → check trust (lock, folder permissions) → import requirements → load a new generation → Register into
/// staging → start → commit (registry, cache entry, generation and import edges together) or roll back. A first
/// import runs it without a predecessor, a reload with one; nothing else differs, and a failure at any
/// step leaves the table, the registry and the import graph exactly as they were.
/// </summary>
internal sealed class ImportTransaction(ModuleTable table, Resolver resolver, GenerationBuilder builder, LifecycleCalls lifecycle, TrustChecks trust, ILogger log)
{
    // First imports under way, by name (with how many threads are at it): not all of them are in the cache yet.
    private readonly ConcurrentDictionary<string, int> _importing = new(StringComparer.Ordinal);

    public ImportLocks Locks { get; } = new();

    /// <summary>The names being imported for the first time now, whether or not they reached the cache yet.</summary>
    public IEnumerable<string> Importing => _importing.Keys;

    /// <summary>Raised after every commit, outside the name's lock, with the generation now serving.</summary>
    public event Action<LoadedPlugin>? Committed;

    /// <summary>A cache miss: imports <paramref name="name"/> unless another thread did while this one waited for its lock.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="found">What a find of it just returned, to import without finding it again; null to find it now.</param>
    /// <exception cref="PluginImportException">The import failed; nothing of it was kept.</exception>
    public LoadedPlugin Import(string name, FindResult? found = null)
    {
        Resolver.ThrowIfInvalidName(name);
        name = PluginNameRules.Normalize(name);
        LoadedPlugin plugin;
        _importing.AddOrUpdate(name, 1, (_, count) => count + 1);
        try
        {
            using (Locks.Enter(name))
            {
                if (table.TryGet(name, out var cached))
                {
                    return cached;
                }

                plugin = Run(name, predecessor: null, CancellationToken.None, found).Plugin;
            }
        }
        finally
        {
            if (_importing.AddOrUpdate(name, 0, (_, count) => count - 1) == 0)
            {
                _importing.TryRemove(new KeyValuePair<string, int>(name, 0));
            }
        }

        Committed?.Invoke(plugin);
        return plugin;
    }

    /// <summary>Imports one configured entry, isolating its failure: an outcome and a log line, never an exception of the plugin's.</summary>
    /// <param name="entry">The configured plugin.</param>
    /// <param name="found">What a find of it just returned, or null to find it now.</param>
    public ImportOutcome ImportEntry(PluginEntry entry, FindResult? found)
    {
        if (!entry.Enabled)
        {
            log.Information("Plugin {Plugin} is disabled in the configuration; not importing it", entry.Name);
            return new ImportOutcome(entry.Name, ImportStatus.Disabled, null, null, TimeSpan.Zero);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var plugin = table.TryGet(entry.Name, out var cached) ? cached : Import(entry.Name, found);
            return new ImportOutcome(entry.Name, ImportStatus.Loaded, plugin, null, Stopwatch.GetElapsedTime(started));
        }
        catch (PluginImportException e)
        {
            log.Error("Plugin {Plugin} failed to import ({Failure}): {Reason}", entry.Name, e.Failure, e.Message);
            return new ImportOutcome(entry.Name, ImportStatus.Failed, null, e, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>An import made by a plugin through its context: a dependency edge, then an ordinary import.</summary>
    public LoadedPlugin ImportFor(LoadedPlugin importer, string name, bool recordNow)
    {
        name = name is null ? name! : PluginNameRules.Normalize(name);
        if (recordNow)
        {
            table.AddImport(importer, name);
        }

        if (ImportStack.ChainTo(this, name, out var phase) is { } chain)
        {
            if (phase == ImportPhase.Registering)
            {
                log.Warning(
                    "Import cycle through Register: {Chain}. {Importer} gets {Plugin} partially registered, as Python gives a partially initialised module; declare the order with requires to avoid it",
                    string.Join(" -> ", chain), importer.Name, name);
            }
        }
        else if (table.TryGet(name, out var partial) && partial.State == PluginState.Registering && !WaitForRegister(name))
        {
            // Another thread registers it and waits, through its own imports, for this one: the partial plugin, as Python gives.
            return partial;
        }

        return table.TryGet(name, out var cached) ? cached : Import(name);
    }

    /// <summary>
    /// Waits until the import another thread is running for <paramref name="name"/> ends (committed or
    /// failed), as Python's import waits for a module another thread initialises.
    /// </summary>
    /// <returns>False when waiting would deadlock: that import waits for this one.</returns>
    private bool WaitForRegister(string name)
    {
        try
        {
            using (Locks.Enter(name))
            {
                return true;
            }
        }
        catch (PluginImportException e) when (e.Failure == ImportFailure.Cycle)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs the transaction for a name whose lock the caller holds. With a predecessor (a reload) the
    /// cache keeps serving the predecessor until the commit; without one the partial plugin is cached
    /// during Register, as Python caches a module before executing it.
    /// </summary>
    /// <returns>The committed generation, and the registrations of the one it replaced.</returns>
    /// <exception cref="PluginImportException">A step failed; everything is as it was before the call.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled before the commit; everything is as it was.</exception>
    public (LoadedPlugin Plugin, Registrations Replaced) Run(string name, LoadedPlugin? predecessor, CancellationToken cancellationToken, FindResult? found = null)
    {
        using var frame = ImportStack.Push(this, name);
        var started = Stopwatch.GetTimestamp();
        found ??= resolver.Find(name);
        var findTime = Stopwatch.GetElapsedTime(started);
        foreach (var probe in found.Probes)
        {
            log.Debug("Finder {Finder} probed {Path}: {Outcome}", probe.Finder, probe.Location, probe.Outcome);
        }

        var spec = found.Spec ?? throw Resolver.NotFound(found);
        trust.Check(spec, reload: predecessor is not null);
        var requirementsTime = ImportRequirements(spec);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = builder.Load(spec, table.NextGeneration(name), this, AssembliesOfRequirements(spec));
        var plugin = pending.Plugin;
        Registrations replaced;
        var registerStarted = Stopwatch.GetTimestamp();
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            frame.Phase = ImportPhase.Registering;
            if (predecessor is null)
            {
                table.ShowPartial(plugin);
            }

            lifecycle.Register(pending);
            cancellationToken.ThrowIfCancellationRequested();

            // Started before it takes over, so a predecessor serves until its successor is running.
            lifecycle.Start(plugin, cancellationToken);
            replaced = pending.Registrar.Commit();
            table.Commit(plugin, pending.Context.Seal().Concat(RequirementsOf(spec)));
            plugin.MarkReady(GenerationBuilder.NextOrder());
        }
        catch (Exception e)
        {
            if (predecessor is null)
            {
                table.HidePartial(plugin);
            }

            pending.Discard(lifecycle);
            if (e is PluginImportException or OperationCanceledException)
            {
                throw;
            }

            // The commit itself failed (another plugin took a command name meanwhile, or a bug).
            throw new PluginImportException(name, ImportFailure.RegisterFailed, Messages.RegisterFailed(name, plugin.Origin, e), e) { Origin = plugin.Origin };
        }

        plugin.LoadTime = Stopwatch.GetElapsedTime(started);
        plugin.Trace = ImportTrace.From(found, new ImportPhases
        {
            Find = findTime,
            Requirements = requirementsTime,
            LoadContext = pending.LoadContext,
            LoadAssembly = pending.LoadAssembly,
            Register = Stopwatch.GetElapsedTime(registerStarted),
        });
        if (log.IsEnabled(Serilog.Events.LogEventLevel.Debug))
        {
            log.Debug(
                "Import of {Plugin} by phase: find {FindMs:F1} ms, requirements {RequirementsMs:F1} ms, load context {LoadContextMs:F1} ms, load assembly {LoadAssemblyMs:F1} ms, Register {RegisterMs:F1} ms",
                name, findTime.TotalMilliseconds, requirementsTime.TotalMilliseconds, pending.LoadContext.TotalMilliseconds,
                pending.LoadAssembly.TotalMilliseconds, plugin.Trace.Phases.Register.TotalMilliseconds);
        }

        // Six values box into an array even when nothing listens: asked first, as for the phases above.
        if (predecessor is null && log.IsEnabled(Serilog.Events.LogEventLevel.Information))
        {
            log.Information(
                "Imported {Plugin} {Version} generation {Generation} from {Path} via {Finder} in {ElapsedMs:F1} ms",
                name, plugin.Version, plugin.Generation, plugin.Origin, plugin.Spec.Finder, plugin.LoadTime.TotalMilliseconds);
        }

        return (plugin, replaced);
    }

    /// <summary>Raises <see cref="Committed"/>; for callers of <see cref="Run"/> once they released the name's lock.</summary>
    public void RaiseCommitted(LoadedPlugin plugin) => Committed?.Invoke(plugin);

    /// <summary>
    /// The assemblies of the plugins <paramref name="spec"/> requires (already imported), by simple name:
    /// its context resolves them from theirs, so a required plugin's public types are the very same types.
    /// </summary>
    private ImmutableDictionary<string, Assembly> AssembliesOfRequirements(PluginSpec spec)
    {
        if (spec.Manifest is not { Requires.Count: > 0 })
        {
            return ImmutableDictionary<string, Assembly>.Empty;
        }

        var assemblies = ImmutableDictionary.CreateBuilder<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        foreach (var requirement in spec.Manifest?.Requires ?? [])
        {
            if (table.TryGet(requirement.Name, out var required) && required.LoadContext is { } context)
            {
                foreach (var assembly in context.Assemblies)
                {
                    assemblies.TryAdd(assembly.GetName().Name ?? string.Empty, assembly);
                }
            }
        }

        assemblies.Remove(Path.GetFileNameWithoutExtension(spec.Origin));
        return assemblies.ToImmutable();
    }

    private static IEnumerable<string> RequirementsOf(PluginSpec spec) => spec.Manifest?.Requires.Select(r => r.Name) ?? [];

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
            var required = requirement.Name;
            if (ImportStack.ChainTo(this, required, out var phase) is { } chain && phase == ImportPhase.Resolving)
            {
                throw new PluginImportException(name, ImportFailure.Cycle, Messages.RequiresCycle(chain)) { Chain = chain, Origin = spec.Origin };
            }

            LoadedPlugin dependency;
            try
            {
                dependency = table.TryGet(required, out var cached) ? cached : Import(required);
            }
            catch (PluginImportException e) when (e.Failure == ImportFailure.Cycle && e.Chain.Contains(name))
            {
                throw new PluginImportException(name, ImportFailure.Cycle, e.Message, e) { Chain = e.Chain, Origin = spec.Origin };
            }
            catch (PluginImportException e) when (e.Failure == ImportFailure.NotFound && e.PluginName == required)
            {
                throw new PluginImportException(
                    name, ImportFailure.RequirementNotFound, Messages.RequirementNotFound(name, manifest.Version, requirement.ToString(), required, e.Message), e)
                {
                    Origin = spec.Origin,
                    Probes = e.Probes,
                };
            }
            catch (PluginImportException e)
            {
                throw new PluginImportException(name, ImportFailure.RequirementFailed, Messages.RequirementFailed(name, requirement.ToString(), required, e.Message), e)
                {
                    Origin = spec.Origin,
                };
            }

            if (!requirement.IsSatisfiedBy(dependency.Version))
            {
                throw new PluginImportException(
                    name,
                    ImportFailure.RequirementVersionMismatch,
                    Messages.RequirementVersionMismatch(name, manifest.Version, requirement.ToString(), required, requirement.Constraint, dependency.Version, dependency.Origin))
                {
                    Origin = spec.Origin,
                };
            }
        }

        return Stopwatch.GetElapsedTime(started);
    }
}
