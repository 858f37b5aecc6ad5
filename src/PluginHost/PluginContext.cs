using PluginHost.Registration;
using Serilog;

namespace PluginHost;

/// <summary>The context one plugin generation registers with.</summary>
internal sealed class PluginContext(
    PluginRuntime runtime, LoadedPlugin self, IReadOnlyDictionary<string, string> settings, PluginRegistrar registrar, ILogger logger)
    : IPluginContext
{
    public string Name => self.Name;

    public string Directory => self.Spec.Directory;

    public ILogger Logger => logger;

    public IReadOnlyDictionary<string, string> Settings => settings;

    public IPluginRegistry Registry => registrar;

    // Importing itself returns this very generation, partial or not, even during a reload when the
    // cache still holds the previous one: the module a plugin sees of itself is always its own.
    public IPluginModule Import(string name) =>
        name == self.Name ? self : runtime.ImportFor(self.Name, name);
}
