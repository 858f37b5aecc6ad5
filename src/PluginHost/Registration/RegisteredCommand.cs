namespace PluginHost.Registration;

/// <summary>A command a plugin registered, tagged with the plugin and the generation that registered it.</summary>
public sealed class RegisteredCommand
{
    private readonly Func<string, string> _handler;

    internal RegisteredCommand(string name, string description, string plugin, int generation, Func<string, string> handler)
    {
        Name = name;
        Description = description;
        Plugin = plugin;
        Generation = generation;
        _handler = handler;
    }

    /// <summary>The command's name.</summary>
    public string Name { get; }

    /// <summary>What the command does.</summary>
    public string Description { get; }

    /// <summary>The plugin that registered it.</summary>
    public string Plugin { get; }

    /// <summary>The generation of the plugin that registered it.</summary>
    public int Generation { get; }

    /// <summary>Runs the command.</summary>
    /// <param name="input">The command's input.</param>
    /// <returns>The command's output.</returns>
    public string Invoke(string input) => _handler(input);
}
