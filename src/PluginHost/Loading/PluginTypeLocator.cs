using System.Reflection;
using PluginHost.Diagnostics;
using PluginHost.Hooks;

namespace PluginHost.Loading;

/// <summary>Finds the one public class of an entry assembly that implements <see cref="IPlugin"/>.</summary>
internal static class PluginTypeLocator
{
    public static Type Find(PluginSpec spec, Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or FileLoadException or TypeLoadException)
        {
            throw new PluginImportException(spec.Name, ImportFailure.LoadFailed, Messages.LoadFailed(spec.Name, spec.Origin, e.Message), e)
            {
                Origin = spec.Origin,
            };
        }

        var candidates = types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IPlugin).IsAssignableFrom(t)).ToList();
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new PluginImportException(spec.Name, ImportFailure.NoPluginType, Messages.NoPluginType(spec.Name, spec.Origin, ImplementsForeignContract(types)))
            {
                Origin = spec.Origin,
            },
            _ => throw new PluginImportException(spec.Name, ImportFailure.NoPluginType, Messages.AmbiguousPluginType(spec.Name, spec.Origin, candidates.Select(t => t.FullName ?? t.Name)))
            {
                Origin = spec.Origin,
            },
        };
    }

    // A plugin that shipped its own PluginHost.Abstractions.dll implements an IPlugin the host cannot see.
    private static bool ImplementsForeignContract(Type[] types) =>
        types.Any(t => t.GetInterfaces().Any(i => i.FullName == typeof(IPlugin).FullName && i != typeof(IPlugin)));
}
