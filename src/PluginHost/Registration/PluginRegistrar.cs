using PluginHost.Configuration;
using PluginHost.Diagnostics;

namespace PluginHost.Registration;

/// <summary>
/// The registry one plugin generation sees during <see cref="IPlugin.Register"/>: what it adds is staged
/// and reaches the shared <see cref="PluginRegistry"/> only when Register returns without throwing.
/// </summary>
internal sealed class PluginRegistrar(PluginRegistry registry, string plugin, int generation, GenerationLease lease) : IPluginRegistry
{
    private readonly Dictionary<string, RegisteredCommand> _staged = new(StringComparer.Ordinal);
    private bool _closed;

    public void AddCommand(string name, string description, Func<string, string> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!PluginName.IsValid(name, out _))
        {
            throw new ArgumentException(Messages.CommandNameInvalid(name), nameof(name));
        }

        lock (_staged)
        {
            if (_closed)
            {
                throw new InvalidOperationException(Messages.RegistrationClosed(plugin, name));
            }

            // The plugin's own earlier generation may hold the name: a reload replaces it.
            var owner = _staged.ContainsKey(name) ? plugin : registry.OwnerOf(name);
            if (owner is not null && (owner != plugin || _staged.ContainsKey(name)))
            {
                throw new InvalidOperationException(Messages.CommandConflict(name, plugin, owner));
            }

            _staged[name] = new RegisteredCommand(name, description ?? string.Empty, plugin, generation, handler, lease);
        }
    }

    public string Invoke(string name, string input) => registry.Invoke(name, input);

    /// <summary>Publishes what was staged, replacing whatever the plugin had registered before.</summary>
    /// <returns>The previous generation's registrations, now unreachable through the registry.</returns>
    public IReadOnlyList<RegisteredCommand> Commit()
    {
        lock (_staged)
        {
            _closed = true;
            return registry.Replace(plugin, _staged.Values);
        }
    }

    /// <summary>Throws away what was staged; nothing of it was ever visible.</summary>
    public void Discard()
    {
        lock (_staged)
        {
            _closed = true;
            _staged.Clear();
        }
    }
}
