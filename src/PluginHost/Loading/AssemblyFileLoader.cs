using System.Reflection;
using System.Runtime.Loader;
using McMaster.NETCore.Plugins.Loader;
using PluginHost.Diagnostics;
using PluginHost.Hooks;

namespace PluginHost.Loading;

/// <summary>
/// One McMaster context per generation, abstractions shared: collectible and in memory in development
/// mode, non-collectible and loaded from the files (so ReadyToRun code runs) in production mode. Built with
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
        // A plugin is never its own shared assembly: its entry always loads into its own context.
        var sharing = spec.Sharing.With(spec.Manifest?.SharedAssemblies ?? []);
        sharing = sharing with { Names = sharing.Names.Remove(Path.GetFileNameWithoutExtension(spec.Origin)) };
        return LoadIntoNewContext(spec.Origin, sharing, spec.Unloadable, image =>
        {
            Check(spec, image);
            SharedAssemblyCheck.Verify(spec.Name, spec.Origin, image.References, sharing);
            SharedFrameworks.Provide(spec.Name, spec.Origin);
        });
    }

    /// <summary>Loads an assembly file into a new collectible, in-memory context where <paramref name="shared"/> resolve to the default context's copies.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly.</exception>
    public static LoadedAssembly LoadIntoNewContext(string path, IEnumerable<AssemblyName> shared) =>
        LoadIntoNewContext(path, AssemblySharing.Default with { Names = [.. shared.Select(n => n.Name!)] }, unloadable: true, check: null);

    /// <summary>
    /// Loads an assembly file into a new context where the shared assemblies resolve from the host and the
    /// assemblies of required plugins from those plugins' own contexts. <paramref name="unloadable"/>: a
    /// collectible context, every assembly read into memory (no file locked); otherwise a non-collectible
    /// one that loads from the files, so their ReadyToRun code runs (production mode).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly.</exception>
    public static LoadedAssembly LoadIntoNewContext(string path, AssemblySharing sharing, bool unloadable, Action<AssemblyImage>? check)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The file '{path}' does not exist.", path);
        }

        var image = AssemblyImage.Read(path, keepBytes: unloadable);
        check?.Invoke(image);

        // Hot reload is PluginHost's own (transactional, verified), so there is no watcher.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        // McMaster asks its "default" context for every preferred name and returns what it gives. With
        // required plugins that context is one that answers their assemblies from their own contexts.
        var requirements = sharing.FromPlugins.IsEmpty ? null : new RequiredPluginsContext(Path.GetFileNameWithoutExtension(path), sharing.FromPlugins, sharing.From, unloadable);
        var context = ContextBuilders.Build(path, sharing, requirements, unloadable);
        NativeLibraryProbe.Attach(context, Path.GetDirectoryName(path)!);
        var contextCreation = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        void Unload()
        {
            context.Unload();
            requirements?.Unload();
        }

        try
        {
            var assembly = unloadable ? LoadInMemory(context, path, image) : context.LoadFromAssemblyPath(path);
            return new LoadedAssembly(assembly, unloadable ? Unload : null) { ContextCreation = contextCreation };
        }
        catch when (unloadable)
        {
            Unload();
            throw;
        }
    }

    // PluginLoader.LoadDefaultAssembly's in-memory path: the file and its PDB, if any, copied and closed.
    private static System.Reflection.Assembly LoadInMemory(AssemblyLoadContext context, string path, AssemblyImage image)
    {
        using var bytes = new MemoryStream(image.Bytes!, writable: false);
        var pdbPath = Path.ChangeExtension(path, ".pdb");
        if (!File.Exists(pdbPath))
        {
            return context.LoadFromStream(bytes);
        }

        using var pdb = File.Open(pdbPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        return context.LoadFromStream(bytes, pdb);
    }

    /// <summary>
    /// Refuses what would load but is not what its file says: a reference assembly (it has no code, and
    /// the runtime's own refusal reads like a missing file), and an assembly whose name is not its file's
    /// (a renamed file, a copy of another plugin), which would run under a name that is not its own. Found
    /// by name, the file is <c>Name.dll</c>, so this is the plugin's name; a deliberate mapping (a TOML
    /// <c>path</c>, a manifest <c>entry</c>, a custom finder) names the file, and its assembly must match it.
    /// </summary>
    private static void Check(PluginSpec spec, AssemblyImage image)
    {
        if (image.IsReference)
        {
            throw new PluginImportException(spec.Name, ImportFailure.NotAnAssembly, Messages.ReferenceAssembly(spec.Name, spec.Origin, image.Name))
            {
                Origin = spec.Origin,
            };
        }

        var expected = Path.GetFileNameWithoutExtension(spec.Origin);
        if (!string.Equals(image.Name, expected, StringComparison.Ordinal))
        {
            throw new PluginImportException(spec.Name, ImportFailure.AssemblyNameMismatch, Messages.AssemblyNameMismatch(spec.Name, spec.Origin, expected, image.Name))
            {
                Origin = spec.Origin,
            };
        }
    }
}
