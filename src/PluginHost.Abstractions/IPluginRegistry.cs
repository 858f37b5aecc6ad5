namespace PluginHost;

/// <summary>
/// The registry a plugin contributes to. Everything a plugin adds is tagged with the plugin and its
/// generation, and is removed when that generation is unloaded.
/// </summary>
public interface IPluginRegistry
{
    /// <summary>Registers a named command that takes a text input and returns a text output.</summary>
    /// <param name="name">The command's name; unique across all loaded plugins.</param>
    /// <param name="description">One line that says what the command does.</param>
    /// <param name="handler">The command itself.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or has white space.</exception>
    /// <exception cref="InvalidOperationException">Another plugin already registered a command with that name.</exception>
    void AddCommand(string name, string description, Func<string, string> handler);

    /// <summary>
    /// Runs a command registered by any loaded plugin. The command is looked up on every call, so a
    /// caller never runs a command of a plugin generation that was unloaded.
    /// </summary>
    /// <param name="name">The command's name.</param>
    /// <param name="input">The command's input.</param>
    /// <returns>The command's output.</returns>
    /// <exception cref="KeyNotFoundException">No loaded plugin registered a command with that name.</exception>
    string Invoke(string name, string input);
}
