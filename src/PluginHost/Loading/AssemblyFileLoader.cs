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
        var loader = PluginLoader.CreateFromAssemblyFile(spec.Origin, isUnloadable: true, s_sharedTypes, config =>
        {
            config.LoadInMemory = true;
            config.EnableHotReload = false;
        });
        try
        {
            return new LoadedAssembly(loader.LoadDefaultAssembly(), loader.Dispose);
        }
        catch
        {
            loader.Dispose();
            throw;
        }
    }
}
