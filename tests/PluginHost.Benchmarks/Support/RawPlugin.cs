using System.Reflection;

namespace PluginHost.Benchmarks.Support;

/// <summary>The baseline's "reflection call": create the known plugin type, run Register, call what it registered.</summary>
internal static class RawPlugin
{
    public static string RegisterAndCall(Assembly assembly, string typeName, string name, string command)
    {
        var type = assembly.GetType(typeName, throwOnError: true)!;
        var plugin = (IPlugin)Activator.CreateInstance(type)!;
        var registry = new BareRegistry();
        plugin.Register(new BareContext(name, Path.GetDirectoryName(assembly.Location) ?? string.Empty, registry));
        return registry.Invoke(command, "bench");
    }
}
