using System.Runtime.Loader;
using PluginHost.Configuration;
using PluginHost.Diagnostics;

namespace PluginHost.Registration;

/// <summary>
/// The registry one plugin generation sees during <see cref="IPlugin.Register"/>: what it adds is staged
/// and reaches the shared <see cref="PluginRegistry"/> only when Register returns without throwing.
/// </summary>
internal sealed class PluginRegistrar(PluginRegistry registry, string plugin, int generation, GenerationLease lease, AssemblyLoadContext? pluginContext)
    : IPluginRegistry
{
    private readonly Dictionary<string, RegisteredCommand> _staged = new(StringComparer.Ordinal);
    private readonly List<Extension> _extensions = [];
    private bool _closed;

    public void Add<TContract>(TContract implementation, string? name = null)
        where TContract : class
    {
        ArgumentNullException.ThrowIfNull(implementation);
        Stage(typeof(TContract), name, implementation, factory: null);
    }

    public void AddFactory<TContract>(Func<TContract> factory, string? name = null)
        where TContract : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        Stage(typeof(TContract), name, instance: null, factory);
    }

    public void AddCommand(string name, string description, Func<string, string> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!PluginNameRules.IsValid(name, out _))
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
    public Registrations Commit()
    {
        lock (_staged)
        {
            _closed = true;
            return registry.Replace(plugin, new Registrations([.. _staged.Values], [.. _extensions]));
        }
    }

    private void Stage(Type contract, string? name, object? instance, Func<object>? factory)
    {
        if (name is not null && !PluginNameRules.IsValid(name, out _))
        {
            throw new ArgumentException(Messages.ExtensionNameInvalid(name), nameof(name));
        }

        // A contract from the plugin's own copy of an assembly is a type the host has never seen.
        if (pluginContext is not null && ReferenceEquals(AssemblyLoadContext.GetLoadContext(contract.Assembly), pluginContext))
        {
            throw new InvalidOperationException(Messages.ContractNotShared(plugin, contract.FullName ?? contract.Name, contract.Assembly.GetName().Name ?? "?"));
        }

        lock (_staged)
        {
            if (_closed)
            {
                throw new InvalidOperationException(Messages.ExtensionRegistrationClosed(plugin, contract.FullName ?? contract.Name));
            }

            var taken = name is null ? null
                : _extensions.Any(e => e.Contract == contract && e.Name == name) ? plugin
                : registry.OwnerOf(contract, name) is { } owner && owner != plugin ? owner
                : null;
            if (taken is not null)
            {
                throw new InvalidOperationException(Messages.ExtensionConflict(contract.FullName ?? contract.Name, name!, plugin, taken));
            }

            _extensions.Add(new Extension(contract, name, plugin, generation, lease, instance, factory) { Created = registry.Recognise });
        }
    }

    /// <summary>Throws away what was staged; nothing of it was ever visible.</summary>
    public void Discard()
    {
        lock (_staged)
        {
            _closed = true;
            _staged.Clear();
            _extensions.Clear();
        }
    }
}
