using Serilog;

namespace PluginHost.Benchmarks.Support;

/// <summary>
/// The least a baseline must hand a plugin so its Register can run: no generations, no logging context,
/// no importer. What the host does beyond this is what the ratios measure.
/// </summary>
internal sealed class BareContext(string name, string directory, IPluginRegistry registry) : IPluginContext
{
    private static readonly Dictionary<string, string> s_noSettings = [];

    public string Name { get; } = name;

    public string Directory { get; } = directory;

    public ILogger Logger => Serilog.Core.Logger.None;

    public IReadOnlyDictionary<string, string> Settings => s_noSettings;

    public IPluginRegistry Registry { get; } = registry;

    public IServiceProvider Services => throw new NotSupportedException("Baselines resolve no host services.");

    public IPluginModule Import(string name) => throw new NotSupportedException("Baselines load a single plugin.");
}
