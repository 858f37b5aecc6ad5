using System.Runtime.Loader;
using McMaster.NETCore.Plugins.Loader;
using PluginHost.Finding;

namespace PluginHost.Loading;

/// <summary>
/// One McMaster context per generation: collectible, in memory, abstractions shared. Built with
/// McMaster's <see cref="AssemblyLoadContextBuilder"/> rather than <c>PluginLoader</c>, which on every
/// load reads the plugin's and each host <c>*.runtimeconfig.json</c> and, for each one naming a TFM,
/// calls <c>Process.GetCurrentProcess().MainModule</c>. On Linux that parses /proc/self/maps, which
/// gains about three lines per loaded context: ~3 ms per load at first, ~7 ms by the 1,000th.
/// All it adds is the legacy runtime store (dotnet/store/&lt;arch&gt;/&lt;tfm&gt;) as a fallback probing path,
/// consulted only after the plugin's .deps.json (AssemblyDependencyResolver) and folder, and McMaster's
/// own source calls that block unnecessary since .NET Core 3.0.
/// </summary>
internal sealed class AssemblyFileLoader : IPluginLoader
{
    public string Name => "assembly-file";

    public LoadedAssembly Load(PluginSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!File.Exists(spec.Origin))
        {
            throw new FileNotFoundException($"The file '{spec.Origin}' does not exist.", spec.Origin);
        }

        // What PluginLoader builds for isUnloadable + LoadInMemory: dependencies read into memory (no file
        // locked), native libraries shadow-copied, the shared assemblies and their references from the host.
        // Hot reload is PluginHost's own (transactional, verified), so there is no watcher.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var builder = new AssemblyLoadContextBuilder()
            .SetMainAssemblyPath(spec.Origin)
            .SetDefaultContext(AssemblyLoadContext.Default)
            .EnableUnloading()
            .PreloadAssembliesIntoMemory()
            .ShadowCopyNativeLibraries();
        foreach (var shared in PluginLoaders.SharedAssemblies)
        {
            builder.PreferDefaultLoadContextAssembly(shared);
        }

        // A manifest's shared_assemblies: more of the plugin's references that must be the host's types.
        foreach (var shared in spec.Manifest?.SharedAssemblies ?? [])
        {
            builder.PreferDefaultLoadContextAssembly(new System.Reflection.AssemblyName(shared));
        }

        var context = builder.Build();
        var contextCreation = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        try
        {
            return new LoadedAssembly(LoadInMemory(context, spec.Origin), context.Unload) { ContextCreation = contextCreation };
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    // PluginLoader.LoadDefaultAssembly's in-memory path: the file and its PDB, if any, copied and closed.
    private static System.Reflection.Assembly LoadInMemory(AssemblyLoadContext context, string path)
    {
        using var image = File.Open(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var pdbPath = Path.ChangeExtension(path, ".pdb");
        if (!File.Exists(pdbPath))
        {
            return context.LoadFromStream(image);
        }

        using var pdb = File.Open(pdbPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        return context.LoadFromStream(image, pdb);
    }
}
