using System.Reflection;
using McMaster.NETCore.Plugins;
using PluginHost.Diagnostics;
using PluginHost.Finding;

namespace PluginHost.Configuration;

/// <summary>
/// Creates a custom finder named in TOML (<c>finders = [{ type, assembly }]</c>): loads its assembly into
/// a context of its own where PluginHost, the abstractions and Serilog are the host's (so the type's
/// <see cref="IPluginFinder"/> is the host's), and calls its public constructor: one taking the settings
/// and the TOML file's folder, one taking the settings, or a parameterless one, in that order.
/// </summary>
internal static class CustomFinderFactory
{
    private static readonly Type[] s_sharedTypes = [typeof(IPlugin), typeof(Serilog.ILogger), typeof(IPluginFinder)];

    /// <summary>Creates the finder, or returns null and says why in <paramref name="error"/>.</summary>
    public static IPluginFinder? TryCreate(string typeName, string assemblyPath, IReadOnlyDictionary<string, string> settings, string configurationDirectory, out string error)
    {
        error = string.Empty;
        if (!File.Exists(assemblyPath))
        {
            error = Messages.FinderAssemblyMissing(assemblyPath);
            return null;
        }

        Assembly assembly;
        try
        {
            // Finders live as long as the host: not unloadable, but read into memory so the file can be rebuilt.
            var loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, isUnloadable: false, s_sharedTypes, config => config.LoadInMemory = true);
            assembly = loader.LoadDefaultAssembly();
        }
        catch (Exception e) when (e is BadImageFormatException or IOException)
        {
            error = Messages.FinderAssemblyUnloadable(assemblyPath, e.Message);
            return null;
        }

        var type = assembly.GetType(typeName, throwOnError: false);
        if (type is null || !type.IsPublic)
        {
            var finders = assembly.GetExportedTypes().Where(t => typeof(IPluginFinder).IsAssignableFrom(t)).Select(t => t.FullName!);
            error = Messages.FinderTypeMissing(typeName, assemblyPath, finders);
            return null;
        }

        if (!typeof(IPluginFinder).IsAssignableFrom(type) || type.IsAbstract)
        {
            error = Messages.FinderNotAFinder(typeName, assemblyPath);
            return null;
        }

        object?[]? arguments =
            type.GetConstructor([typeof(IReadOnlyDictionary<string, string>), typeof(string)]) is not null ? [settings, configurationDirectory]
            : type.GetConstructor([typeof(IReadOnlyDictionary<string, string>)]) is not null ? [settings]
            : type.GetConstructor(Type.EmptyTypes) is not null ? []
            : null;
        if (arguments is null)
        {
            error = Messages.FinderNoConstructor(typeName);
            return null;
        }

        try
        {
            return (IPluginFinder)Activator.CreateInstance(type, arguments)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            error = Messages.FinderConstructorThrew(typeName, inner);
            return null;
        }
    }
}
