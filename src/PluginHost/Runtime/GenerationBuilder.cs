using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using PluginHost.Diagnostics;
using PluginHost.Hooks;
using PluginHost.Loading;
using PluginHost.Registration;
using PluginHost.Results;
using Serilog;

namespace PluginHost.Runtime;

/// <summary>
/// Builds one generation of a plugin from its spec: the loader creates a new collectible context and
/// loads the entry assembly, the plugin class is found and created, and Register runs into staging.
/// Every fault of the plugin's code or of a loader becomes a <see cref="PluginImportException"/>; on any
/// failure the generation is unloaded and nothing of it is visible.
/// </summary>
internal sealed class GenerationBuilder(
    PluginRegistry registry, AssemblySharing sharing, Func<string, IReadOnlyDictionary<string, string>> settingsOf, IServiceProvider services, ILogger log)
{
    private static long s_order;

    /// <summary>A number that grows with every load and every commit, for newest-first and dependency order.</summary>
    public static long NextOrder() => Interlocked.Increment(ref s_order);

    /// <exception cref="PluginImportException">The spec could not be loaded or its plugin class created.</exception>
    public PendingGeneration Load(PluginSpec spec, int generation, ImportTransaction imports, ImmutableDictionary<string, Assembly> fromRequiredPlugins)
    {
        var name = spec.Name;
        var loadStarted = Stopwatch.GetTimestamp();
        var assembly = LoadAssembly(spec with { Sharing = sharing with { FromPlugins = fromRequiredPlugins } });
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
        var plugin = new LoadedPlugin(spec, generation, assembly, instance) { LoadOrder = NextOrder() };
        var registrar = new PluginRegistrar(registry, name, generation, plugin.Lease, assembly.LoadContext);
        var logger = log.ForContext("Plugin", name).ForContext("Generation", generation);
        var context = new PluginContext(imports, plugin, settingsOf(name), registrar, logger, services);
        return new PendingGeneration(plugin, registrar, context, assembly.ContextCreation, loadTime - assembly.ContextCreation);
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
        catch (Exception e) when (e is not PluginImportException and not OperationCanceledException)
        {
            // Any other fault of a loader (missing files, a custom loader's bug) fails this import only.
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
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var detail = (e as TargetInvocationException)?.InnerException?.Message ?? e.Message;
            throw new PluginImportException(spec.Name, ImportFailure.CreateFailed, Messages.CreateFailed(spec.Name, type.FullName ?? type.Name, detail), e)
            {
                Origin = spec.Origin,
            };
        }
    }
}
