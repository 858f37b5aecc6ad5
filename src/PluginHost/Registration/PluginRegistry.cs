using System.Collections.Immutable;
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

    internal string? OwnerOf(string command) => FindCommand(command)?.Plugin;

    /// <summary>Makes <paramref name="registrations"/> the whole of what <paramref name="plugin"/> has registered, in one step.</summary>
    /// <returns>The registrations that were replaced.</returns>
    internal IReadOnlyList<RegisteredCommand> Replace(string plugin, IReadOnlyCollection<RegisteredCommand> registrations)
    {
        lock (_gate)
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
}
