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

    /// <summary>Runs a command by name.</summary>
    /// <param name="name">The command's name.</param>
    /// <param name="input">The command's input.</param>
    /// <returns>The command's output.</returns>
    /// <exception cref="KeyNotFoundException">No loaded plugin registered a command with that name; the message lists those that exist.</exception>
    public string Invoke(string name, string input)
    {
        var commands = Volatile.Read(ref _commands);
        return commands.TryGetValue(name, out var command)
            ? command.Invoke(input)
            : throw new KeyNotFoundException(Messages.CommandNotFound(name, commands.Keys));
    }

    internal string? OwnerOf(string command) => FindCommand(command)?.Plugin;

    /// <summary>Makes <paramref name="registrations"/> the whole of what <paramref name="plugin"/> has registered, in one step.</summary>
    internal void Replace(string plugin, IReadOnlyCollection<RegisteredCommand> registrations)
    {
        lock (_gate)
        {
            var builder = _commands.ToBuilder();
            foreach (var (name, command) in _commands)
            {
                if (command.Plugin == plugin)
                {
                    builder.Remove(name);
                }
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
        }
    }
}
