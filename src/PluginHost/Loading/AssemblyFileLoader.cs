using McMaster.NETCore.Plugins;
using PluginHost.Finding;

namespace PluginHost.Loading;

/// <summary>One McMaster <see cref="PluginLoader"/> per generation: collectible, in memory, abstractions shared.</summary>
internal sealed class AssemblyFileLoader : IPluginLoader
{
    private static readonly Type[] s_sharedTypes = [typeof(IPlugin), typeof(Serilog.ILogger)];

    public string Name => "assembly-file";

    public LoadedAssembly Load(PluginSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!File.Exists(spec.Origin))
        {
            throw new FileNotFoundException($"The file '{spec.Origin}' does not exist.", spec.Origin);
        }

        // Hot reload is PluginHost's own (transactional, verified); McMaster's watcher stays off.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var loader = PluginLoader.CreateFromAssemblyFile(spec.Origin, isUnloadable: true, s_sharedTypes, config =>
        {
            config.LoadInMemory = true;
            config.EnableHotReload = false;
            foreach (var shared in spec.Manifest?.SharedAssemblies ?? [])
            {
                config.SharedAssemblies.Add(new System.Reflection.AssemblyName(shared));
            }
        });
        var contextCreation = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        try
        {
            return new LoadedAssembly(loader.LoadDefaultAssembly(), loader.Dispose) { ContextCreation = contextCreation };
        }
        catch
        {
            loader.Dispose();
            throw;
        }
    }
}
