using System.Reflection;
using System.Runtime.Versioning;
using PluginHost;

namespace Net8Plugin;

/// <summary>Says which framework it was built for and which runtime runs it.</summary>
public sealed class Net8Plugin : IPlugin
{
    public void Register(IPluginContext context) =>
        context.Registry.AddCommand("net8.framework", "The framework this plugin was built for, and the runtime running it.",
            _ => $"{typeof(Net8Plugin).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName} on {Environment.Version.Major}");
}
