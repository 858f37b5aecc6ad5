using PluginHost.Diagnostics;

namespace PluginHost.Registration;

/// <summary>
/// A reference to a command by name that follows reloads: every call reaches the generation that is
/// current at that moment. Unlike Python's <c>from m import f</c>, it never goes stale.
/// </summary>
public sealed class CommandHandle
{
    private readonly PluginRegistry _registry;

    internal CommandHandle(PluginRegistry registry, string name)
    {
        _registry = registry;
        Name = name;
    }

    /// <summary>The command's name.</summary>
    public string Name { get; }

    /// <summary>The registration this handle reaches now, or null while no loaded plugin registers the command.</summary>
    public RegisteredCommand? Current => _registry.FindCommand(Name);

    /// <summary>Runs the command on the current generation.</summary>
    /// <param name="input">The command's input.</param>
    /// <returns>The command's output.</returns>
    /// <exception cref="KeyNotFoundException">No loaded plugin registers the command now.</exception>
    public string Invoke(string input) => _registry.Invoke(Name, input);

    /// <inheritdoc />
    public override string ToString() => Current is { } command ? $"{Name} -> {command.Plugin} generation {command.Generation}" : $"{Name} -> {Messages.Unregistered}";
}
