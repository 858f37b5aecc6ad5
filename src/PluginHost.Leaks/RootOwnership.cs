using System.Reflection;
using Microsoft.Diagnostics.Runtime;

namespace PluginHost.Leaks;

/// <summary>Tells whose code a module is: the plugin's, the host's, the framework's or a third party's.</summary>
internal sealed class RootOwnership(IEnumerable<string> hostAssemblies)
{
    private readonly HashSet<string> _host = new(
        hostAssemblies.Append(Assembly.GetEntryAssembly()?.GetName().Name).OfType<string>(), StringComparer.OrdinalIgnoreCase);

    private readonly string _frameworkRoot = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", ".."));

    public (RootOwner Owner, string Assembly) Of(ClrType? type)
    {
        var module = type?.Module;
        var name = AssemblyName(module);
        if (type is { IsCollectible: true })
        {
            return (RootOwner.Plugin, name);
        }

        if (name.StartsWith("PluginHost", StringComparison.Ordinal) || _host.Contains(name))
        {
            return (RootOwner.Host, name);
        }

        var file = module?.Name ?? string.Empty;
        return file.Length == 0 || file.StartsWith(_frameworkRoot, StringComparison.Ordinal) || name.StartsWith("System.", StringComparison.Ordinal)
            ? (RootOwner.Framework, name)
            : (RootOwner.ThirdParty, name);
    }

    private static string AssemblyName(ClrModule? module)
    {
        var name = module?.AssemblyName ?? module?.Name;
        return string.IsNullOrEmpty(name) ? string.Empty : Path.GetFileNameWithoutExtension(name);
    }
}
