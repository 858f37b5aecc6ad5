using System.Reflection;
using System.Runtime.Loader;
using McMaster.NETCore.Plugins.Loader;
using PluginHost.Hooks;

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

        // A manifest's shared_assemblies: more of the plugin's references that must be the host's types.
        var sharing = spec.Sharing.With(spec.Manifest?.SharedAssemblies ?? []);
        if (File.Exists(spec.Origin))
        {
            // A plugin is never its own shared assembly: its entry always loads into its own context.
            sharing = sharing with { Names = sharing.Names.Remove(Path.GetFileNameWithoutExtension(spec.Origin)) };
            SharedAssemblyCheck.Verify(spec.Name, spec.Origin, sharing);
            SharedFrameworks.Provide(spec.Name, spec.Origin);
        }

        return LoadIntoNewContext(spec.Origin, sharing);
    }

    /// <summary>Loads an assembly file into a new collectible, in-memory context where <paramref name="shared"/> resolve to the default context's copies.</summary>
    public static LoadedAssembly LoadIntoNewContext(string path, IEnumerable<AssemblyName> shared) =>
        LoadIntoNewContext(path, AssemblySharing.Default with { Names = [.. shared.Select(n => n.Name!)] });

    /// <summary>Loads an assembly file into a new collectible, in-memory context where the shared assemblies resolve from the host.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static LoadedAssembly LoadIntoNewContext(string path, AssemblySharing sharing)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The file '{path}' does not exist.", path);
        }

        // What PluginLoader builds for isUnloadable + LoadInMemory: dependencies read into memory (no file
        // locked), native libraries shadow-copied, the shared assemblies and their references from the host.
        // Hot reload is PluginHost's own (transactional, verified), so there is no watcher.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var builder = new AssemblyLoadContextBuilder()
            .SetMainAssemblyPath(path)
            .SetDefaultContext(sharing.From)
            .EnableUnloading()
            .PreloadAssembliesIntoMemory()
            .ShadowCopyNativeLibraries();
        foreach (var name in sharing.AssemblyNames)
        {
            builder.PreferDefaultLoadContextAssembly(name);
        }

        var context = builder.Build();
        var contextCreation = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        try
        {
            return new LoadedAssembly(LoadInMemory(context, path), context.Unload) { ContextCreation = contextCreation };
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
