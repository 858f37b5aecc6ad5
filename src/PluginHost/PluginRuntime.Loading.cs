using System.Diagnostics;
using PluginHost.Diagnostics;
using PluginHost.Finding;
using PluginHost.Loading;
using PluginHost.Registration;
using PluginHost.Resolution;

namespace PluginHost;

/// <summary>Loading a generation: find, load into a new context, create, Register into staging, commit.</summary>
public sealed partial class PluginRuntime
{
    private LoadedPlugin ImportUncached(string name)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ThrowIfInvalidName(name);
        LoadedPlugin plugin;
        using (_locks.Enter(name))
        {
            if (_cache.TryGetValue(name, out var cached))
            {
                return cached;
            }

            using var frame = ImportStack.Push(this, name);
            var started = Stopwatch.GetTimestamp();
            var found = Find(name);
            var findTime = Stopwatch.GetElapsedTime(started);
            foreach (var probe in found.Probes)
            {
                _log.Debug("Finder {Finder} probed {Path}: {Outcome}", probe.Finder, probe.Location, probe.Outcome);
            }

            var spec = found.Spec ?? throw NotFound(name, found);
            var requirementsTime = ImportRequirements(spec);
            var pending = Prepare(spec);
            plugin = pending.Plugin;
            RecordRequirements(spec);
            frame.Phase = ImportPhase.Registering;

            // Into the cache before Register, as Python puts a module in sys.modules before executing it:
            // a plugin importing itself (or a cycle back to it) gets its partial self instead of recursing.
            _cache[name] = plugin;
            var registerStarted = Stopwatch.GetTimestamp();
            try
            {
                RegisterAndCommit(pending);
            }
            catch
            {
                _cache.TryRemove(new KeyValuePair<string, LoadedPlugin>(name, plugin));
                throw;
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
            _log.Debug(
                "Import of {Plugin} by phase: find {FindMs:F1} ms, requirements {RequirementsMs:F1} ms, load context {LoadContextMs:F1} ms, load assembly {LoadAssemblyMs:F1} ms, Register {RegisterMs:F1} ms",
                name, findTime.TotalMilliseconds, requirementsTime.TotalMilliseconds, pending.LoadContext.TotalMilliseconds,
                pending.LoadAssembly.TotalMilliseconds, plugin.Trace.Phases.Register.TotalMilliseconds);
            _log.Information(
                "Imported {Plugin} {Version} generation {Generation} from {Path} via {Finder} in {ElapsedMs:F1} ms",
                name, plugin.Version, plugin.Generation, plugin.Origin, plugin.Spec.Finder, plugin.LoadTime.TotalMilliseconds);
        }

        Imported?.Invoke(plugin);
        return plugin;
    }

    private static PluginImportException NotFound(string name, FindResult found) =>
        new(name, ImportFailure.NotFound, Messages.PluginNotFound(name, found.Probes, found.Finders)) { Probes = found.Probes };

    /// <summary>A new generation, loaded and created but not registered: nothing outside sees it yet.</summary>
    private sealed record PendingGeneration(LoadedPlugin Plugin, PluginRegistrar Registrar, PluginContext Context, TimeSpan LoadContext, TimeSpan LoadAssembly);

    private PendingGeneration Prepare(PluginSpec spec)
    {
        var name = spec.Name;
        var loadStarted = Stopwatch.GetTimestamp();
        var assembly = LoadAssembly(spec);
        IPlugin instance;
        try
        {
            instance = CreateInstance(spec, PluginTypeLocator.Find(spec, assembly.EntryAssembly));
        }
        catch
        {
            assembly.Dispose();
            throw;
        }

        var loadTime = Stopwatch.GetElapsedTime(loadStarted);
        var contextTime = assembly.ContextCreation;
        var generation = _generations.AddOrUpdate(name, 1, static (_, g) => g + 1);
        var plugin = new LoadedPlugin(spec, generation, assembly, instance) { LoadOrder = Interlocked.Increment(ref s_loadOrder) };
        var registrar = new PluginRegistrar(Registry, name, generation, plugin.Lease);
        var settings = _configured.TryGetValue(name, out var entry) ? entry.Settings : new Dictionary<string, string>();
        var logger = _log.ForContext("Plugin", name).ForContext("Generation", generation);
        ForgetImports(name);
        return new PendingGeneration(plugin, registrar, new PluginContext(this, plugin, settings, registrar, logger), contextTime, loadTime - contextTime);
    }

    /// <summary>Runs Register and publishes what it staged; on any failure the generation is discarded and unloaded.</summary>
    /// <returns>The registrations of the generation this one replaces.</returns>
    private IReadOnlyList<RegisteredCommand> RegisterAndCommit(PendingGeneration pending)
    {
        var plugin = pending.Plugin;
        try
        {
            plugin.Instance.Register(pending.Context);
            var replaced = pending.Registrar.Commit();
            plugin.MarkReady(Interlocked.Increment(ref s_loadOrder));
            return replaced;
        }
        catch (Exception e)
        {
            pending.Registrar.Discard();
            plugin.Release(PluginState.Failed, _log);
            _log.Error(e, "Plugin {Plugin} threw in Register; its registrations were discarded and it was unloaded", plugin.Name);
            throw new PluginImportException(plugin.Name, ImportFailure.RegisterFailed, Messages.RegisterFailed(plugin.Name, plugin.Origin, e), e)
            {
                Origin = plugin.Origin,
            };
        }
    }

    private static LoadedAssembly LoadAssembly(PluginSpec spec)
    {
        try
        {
            return spec.Loader.Load(spec);
        }
        catch (BadImageFormatException e)
        {
            throw new PluginImportException(spec.Name, ImportFailure.NotAnAssembly, Messages.NotAnAssembly(spec.Name, spec.Origin, e.Message), e)
            {
                Origin = spec.Origin,
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new PluginImportException(spec.Name, ImportFailure.LoadFailed, Messages.LoadFailed(spec.Name, spec.Origin, e.Message), e)
            {
                Origin = spec.Origin,
            };
        }
    }

    private static IPlugin CreateInstance(PluginSpec spec, Type type)
    {
        try
        {
            return (IPlugin)Activator.CreateInstance(type)!;
        }
        catch (Exception e) when (e is MissingMethodException or System.Reflection.TargetInvocationException or MemberAccessException)
        {
            var detail = (e as System.Reflection.TargetInvocationException)?.InnerException?.Message ?? e.Message;
            throw new PluginImportException(spec.Name, ImportFailure.CreateFailed, Messages.CreateFailed(spec.Name, type.FullName ?? type.Name, detail), e)
            {
                Origin = spec.Origin,
            };
        }
    }
}
