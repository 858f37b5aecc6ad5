using PluginHost.Registration;
using PluginHost.Results;
using Serilog;

namespace PluginHost.Runtime;

/// <summary>
/// The context one plugin generation registers with. Imports it makes while its generation is staged are
/// staged too and become import-graph edges only at the commit; later ones are recorded at once.
/// </summary>
internal sealed class PluginContext(
    ImportTransaction imports, LoadedPlugin self, IReadOnlyDictionary<string, string> settings, PluginRegistrar registrar, ILogger logger, IServiceProvider services)
    : IPluginContext
{
    private readonly Lock _gate = new();
    private HashSet<string>? _staged = new(StringComparer.Ordinal);

    public string Name => self.Name;

    public string Directory => self.Spec.Directory;

    public ILogger Logger => logger;

    public IReadOnlyDictionary<string, string> Settings => settings;

    public IPluginRegistry Registry => registrar;

    public IServiceProvider Services => services;

    // Importing itself returns this very generation, partial or not, even during a reload when the
    // cache still holds the previous one: the module a plugin sees of itself is always its own.
    public IPluginModule Import(string name)
    {
        if (name == self.Name)
        {
            return self;
        }

        bool staged;
        lock (_gate)
        {
            staged = _staged?.Add(name) is not null;
        }

        return imports.ImportFor(self, name, recordNow: !staged);
    }

    /// <summary>Ends staging: returns the imports made so far; later imports are recorded directly.</summary>
    public IReadOnlySet<string> Seal()
    {
        lock (_gate)
        {
            var staged = _staged ?? [];
            _staged = null;
            return staged;
        }
    }
}
