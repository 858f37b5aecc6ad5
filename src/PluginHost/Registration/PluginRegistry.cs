using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using PluginHost.Diagnostics;

namespace PluginHost.Registration;

/// <summary>
/// Everything the loaded plugins registered. Reads are lock-free snapshots; a plugin's registrations
/// change all at once, so a reader never sees half of a plugin's commands.
/// </summary>
public sealed class PluginRegistry
{
    private readonly Lock _gate = new();

    // Which commands each plugin owns, so replacing one plugin's never scans everyone's (guarded by _gate).
    private readonly Dictionary<string, List<RegisteredCommand>> _byPlugin = new(StringComparer.Ordinal);
    private ImmutableSortedDictionary<string, RegisteredCommand> _commands =
        ImmutableSortedDictionary.Create<string, RegisteredCommand>(StringComparer.Ordinal);

    // Implementations of contracts, by contract, in their plugins' first-registration order (guarded by _gate for writes).
    private readonly Dictionary<string, List<Extension>> _extensionsByPlugin = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ranks = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<object, Extension> _implementations = [];
    private ImmutableDictionary<Type, ImmutableArray<Extension>> _extensions = ImmutableDictionary<Type, ImmutableArray<Extension>>.Empty;
    private int _version;

    internal PluginRegistry()
    {
    }

    /// <summary>Every registered command, sorted by name.</summary>
    public IReadOnlyList<RegisteredCommand> Commands => [.. Volatile.Read(ref _commands).Values];

    /// <summary>Finds a registered command by name.</summary>
    /// <param name="name">The command's name.</param>
    /// <returns>The command, or null when no loaded plugin registered it.</returns>
    public RegisteredCommand? FindCommand(string name) =>
        Volatile.Read(ref _commands).GetValueOrDefault(name);

    /// <summary>A reference to a command by name that always reaches the current generation, across reloads.</summary>
    /// <param name="name">The command's name; it need not be registered yet.</param>
    /// <returns>The handle.</returns>
    public CommandHandle Handle(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new CommandHandle(this, name);
    }

    /// <summary>Runs a command by name on the plugin generation that is current now.</summary>
    /// <param name="name">The command's name.</param>
    /// <param name="input">The command's input.</param>
    /// <returns>The command's output.</returns>
    /// <exception cref="KeyNotFoundException">No loaded plugin registered a command with that name; the message lists those that exist.</exception>
    public string Invoke(string name, string input)
    {
        while (true)
        {
            var commands = Volatile.Read(ref _commands);
            if (!commands.TryGetValue(name, out var command))
            {
                throw new KeyNotFoundException(Messages.CommandNotFound(name, commands.Keys));
            }

            if (command.TryInvoke(input, out var output))
            {
                return output;
            }

            // A reload retired that generation between the look-up and the call: the registry already
            // holds its successor (or nothing), so look again rather than fail the caller.
        }
    }

    /// <summary>A live handle to an implementation of a contract, following reloads.</summary>
    /// <typeparam name="TContract">The contract, from an assembly the host shares with its plugins.</typeparam>
    /// <param name="name">The implementation's name; null for the first implementation, whatever its name.</param>
    /// <returns>The handle; no implementation need be loaded yet.</returns>
    public ExtensionHandle<TContract> Handle<TContract>(string? name = null)
        where TContract : class => new(this, name, plugin: null);

    /// <summary>The live set of every implementation of a contract, following imports, reloads and unloads.</summary>
    /// <typeparam name="TContract">The contract, from an assembly the host shares with its plugins.</typeparam>
    /// <returns>The set.</returns>
    public ExtensionSet<TContract> All<TContract>()
        where TContract : class => new(this);

    /// <summary>
    /// Whether an implementation object (one taken from a lease and kept) still belongs to a generation
    /// that is serving. False once its generation was replaced or unloaded: calling it then runs old code,
    /// and keeping it keeps that generation in memory.
    /// </summary>
    /// <param name="implementation">An object a plugin registered, or a factory created.</param>
    /// <returns>True while its generation serves; false when it retired or the object was never registered.</returns>
    public bool IsCurrent(object implementation)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        return _implementations.TryGetValue(implementation, out var extension) && !extension.IsRetired;
    }

    /// <summary>Raised after a commit changed implementations, with the contracts whose implementations changed.</summary>
    internal event Action<IReadOnlySet<Type>>? Changed;

    /// <summary>Grows with every commit: a handle whose cache was made at this version is still right.</summary>
    internal int Version => Volatile.Read(ref _version);

    internal string? OwnerOf(string command) => FindCommand(command)?.Plugin;

    internal ImmutableArray<Extension> AllOf(Type contract) => Volatile.Read(ref _extensions).GetValueOrDefault(contract, []);

    internal Extension? Find(Type contract, string? name, string? plugin)
    {
        foreach (var extension in AllOf(contract))
        {
            if ((name is null || extension.Name == name) && (plugin is null || extension.Plugin == plugin))
            {
                return extension;
            }
        }

        return null;
    }

    internal string? OwnerOf(Type contract, string name) => Find(contract, name, plugin: null)?.Plugin;

    internal string NoImplementationMessage(Type contract, string? name, string? plugin) =>
        Messages.NoImplementation(contract.FullName ?? contract.Name, name, plugin, AllOf(contract).Select(e => e.Name is null ? e.Plugin : $"{e.Plugin} ('{e.Name}')"));

    internal void Recognise(object implementation, Extension extension) => _implementations.AddOrUpdate(implementation, extension);

    /// <summary>
    /// Ranks plugins that have registered nothing yet in the order given, as if they first registered in it:
    /// for imports on several threads, whose implementations are then listed in the order a serial import gives.
    /// </summary>
    internal void ReserveRanks(IEnumerable<string> plugins)
    {
        lock (_gate)
        {
            foreach (var plugin in plugins)
            {
                _ranks.TryAdd(plugin, _ranks.Count);
            }
        }
    }

    /// <summary>Makes <paramref name="registrations"/> the whole of what <paramref name="plugin"/> has registered, commands and implementations, in one step.</summary>
    /// <returns>The registrations that were replaced.</returns>
    /// <exception cref="InvalidOperationException">Another plugin holds one of the command names, or one of the contract names; nothing changed.</exception>
    internal Registrations Replace(string plugin, Registrations registrations)
    {
        IReadOnlySet<Type> changed;
        Registrations replaced;
        lock (_gate)
        {
            var extensions = ReplaceExtensions(plugin, registrations.Extensions, out var replacedExtensions, out changed);
            var commands = ReplaceCommands(plugin, registrations.Commands);
            Volatile.Write(ref _extensions, extensions);
            _extensionsByPlugin.Remove(plugin);
            if (registrations.Extensions.Count > 0)
            {
                _extensionsByPlugin[plugin] = [.. registrations.Extensions];
            }

            foreach (var extension in registrations.Extensions)
            {
                Recognise(extension);
            }

            Interlocked.Increment(ref _version);
            replaced = new Registrations(commands, replacedExtensions);
        }

        if (changed.Count > 0)
        {
            Changed?.Invoke(changed);
        }

        return replaced;
    }

    private void Recognise(Extension extension)
    {
        if (extension.Registered is { } implementation)
        {
            _implementations.AddOrUpdate(implementation, extension);
        }
    }

    private ImmutableDictionary<Type, ImmutableArray<Extension>> ReplaceExtensions(
        string plugin, IReadOnlyList<Extension> added, out IReadOnlyList<Extension> removed, out IReadOnlySet<Type> changed)
    {
        removed = _extensionsByPlugin.TryGetValue(plugin, out var previous) ? previous : [];
        if (removed.Count == 0 && added.Count == 0)
        {
            changed = new HashSet<Type>();
            return _extensions;
        }

        var rank = _ranks.TryGetValue(plugin, out var known) ? known : _ranks[plugin] = _ranks.Count;
        var builder = _extensions.ToBuilder();
        var contracts = new HashSet<Type>(removed.Select(e => e.Contract).Concat(added.Select(e => e.Contract)));
        foreach (var contract in contracts)
        {
            var kept = builder.GetValueOrDefault(contract, []).Where(e => e.Plugin != plugin).ToList();
            foreach (var extension in added.Where(e => e.Contract == contract))
            {
                if (extension.Name is { } name && kept.FirstOrDefault(e => e.Name == name) is { } owner)
                {
                    throw new InvalidOperationException(Messages.ExtensionConflict(contract.FullName ?? contract.Name, name, plugin, owner.Plugin));
                }

                extension.Rank = rank;
                kept.Add(extension);
            }

            builder[contract] = [.. kept.OrderBy(e => e.Rank)];
            if (builder[contract].IsEmpty)
            {
                builder.Remove(contract);
            }
        }

        changed = contracts;
        return builder.ToImmutable();
    }

    private IReadOnlyList<RegisteredCommand> ReplaceCommands(string plugin, IReadOnlyList<RegisteredCommand> registrations)
    {
        var builder = _commands.ToBuilder();
        IReadOnlyList<RegisteredCommand> replaced = _byPlugin.TryGetValue(plugin, out var previous) ? previous : [];
        foreach (var command in replaced)
        {
            builder.Remove(command.Name);
        }

        foreach (var command in registrations)
        {
            if (builder.TryGetValue(command.Name, out var existing))
            {
                throw new InvalidOperationException(Messages.CommandConflict(command.Name, plugin, existing.Plugin));
            }

            builder.Add(command.Name, command);
        }

        Volatile.Write(ref _commands, builder.ToImmutable());
        if (registrations.Count > 0)
        {
            _byPlugin[plugin] = [.. registrations];
        }
        else
        {
            _byPlugin.Remove(plugin);
        }

        return replaced;
    }
}
