using PluginHost.Registration;
using Serilog;

namespace PluginHost;

/// <summary>The context one plugin generation registers with.</summary>
internal sealed class PluginContext(
    PluginRuntime runtime, string name, string directory, IReadOnlyDictionary<string, string> settings, PluginRegistrar registrar, ILogger logger)
    : IPluginContext
{
    public string Name => name;

    public string Directory => directory;

    public ILogger Logger => logger;

    public IReadOnlyDictionary<string, string> Settings => settings;

    public IPluginRegistry Registry => registrar;

    public IPluginModule Import(string name) => runtime.Import(name);
}
