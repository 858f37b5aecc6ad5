using System.Reflection;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Hooks;
using PluginHost.Loading;

namespace PluginHost.Finding;

/// <summary>
/// Creates the custom finders a configuration describes: each assembly is loaded into a collectible
/// context of its own where PluginHost, the abstractions and Serilog are the host's (so the type's
/// <see cref="IPluginFinder"/> is the host's), and the type's public constructor is called: one taking
/// the settings and the TOML file's folder, one taking the settings, or a parameterless one, in that
/// order. Disposing the result unloads those contexts.
/// </summary>
internal sealed class CustomFinders : IDisposable
{
    private static readonly AssemblyName[] s_shared = [.. PluginLoaders.SharedAssemblies, typeof(IPluginFinder).Assembly.GetName()];
    private readonly List<LoadedAssembly> _assemblies = [];

    private CustomFinders()
    {
    }

    public IReadOnlyList<FinderRegistration> Registrations { get; private set; } = [];

    /// <summary>Creates every described finder.</summary>
    /// <exception cref="PluginConfigurationException">A finder could not be created; every problem is listed with where it is written.</exception>
    public static CustomFinders Create(IReadOnlyList<FinderDescriptor> descriptors)
    {
        var created = new CustomFinders();
        var registrations = new List<FinderRegistration>();
        var errors = new List<ConfigurationError>();
        foreach (var descriptor in descriptors)
        {
            if (created.TryCreate(descriptor, out var error) is { } finder)
            {
                registrations.Add(new FinderRegistration(finder, descriptor.Position));
            }
            else
            {
                errors.Add(new ConfigurationError(descriptor.Location ?? new SourceLocation(descriptor.Assembly, 1, 1), error));
            }
        }

        if (errors.Count > 0)
        {
            created.Dispose();
            throw new PluginConfigurationException(errors[0].Location.File, errors);
        }

        created.Registrations = registrations;
        return created;
    }

    /// <summary>Takes the finders out of <paramref name="chain"/>, then unloads their contexts.</summary>
    public void Dispose(FinderChain chain)
    {
        foreach (var registration in Registrations)
        {
            chain.Remove(registration.Finder);
        }

        Dispose();
    }

    public void Dispose()
    {
        Registrations = [];
        foreach (var assembly in _assemblies)
        {
            assembly.Dispose();
        }

        _assemblies.Clear();
    }

    private IPluginFinder? TryCreate(FinderDescriptor descriptor, out string error)
    {
        error = string.Empty;
        var (typeName, assemblyPath) = (descriptor.Type, descriptor.Assembly);
        if (!File.Exists(assemblyPath))
        {
            error = Messages.FinderAssemblyMissing(assemblyPath);
            return null;
        }

        LoadedAssembly loaded;
        try
        {
            loaded = AssemblyFileLoader.LoadIntoNewContext(assemblyPath, s_shared);
        }
        catch (Exception e) when (e is BadImageFormatException or IOException)
        {
            error = Messages.FinderAssemblyUnloadable(assemblyPath, e.Message);
            return null;
        }

        _assemblies.Add(loaded);
        var assembly = loaded.EntryAssembly;
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
            type.GetConstructor([typeof(IReadOnlyDictionary<string, string>), typeof(string)]) is not null ? [descriptor.Settings, descriptor.ConfigurationDirectory]
            : type.GetConstructor([typeof(IReadOnlyDictionary<string, string>)]) is not null ? [descriptor.Settings]
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
