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

    /// <summary>
    /// Registers an implementation of a contract the host shares (an interface or class from one of the
    /// host's shared assemblies). The host reaches it through live handles that always call the current
    /// generation; it is published with the rest of this generation's registrations when Register returns.
    /// </summary>
    /// <typeparam name="TContract">The contract, from an assembly the host shares.</typeparam>
    /// <param name="implementation">The implementation; owned by the plugin.</param>
    /// <param name="name">A name that tells implementations of one contract apart, unique across plugins; null for none.</param>
    /// <exception cref="InvalidOperationException">The contract's assembly is the plugin's own copy, not the host's (share it), or another plugin registered the same contract under the same name.</exception>
    void Add<TContract>(TContract implementation, string? name = null)
        where TContract : class;

    /// <summary>
    /// Registers a factory for an implementation of a shared contract: it runs once per generation, on the
    /// first call that needs it, and what it creates is disposed (if disposable) when the generation retires.
    /// </summary>
    /// <typeparam name="TContract">The contract, from an assembly the host shares.</typeparam>
    /// <param name="factory">Creates the implementation.</param>
    /// <param name="name">A name that tells implementations of one contract apart, unique across plugins; null for none.</param>
    /// <exception cref="InvalidOperationException">The contract's assembly is the plugin's own copy, not the host's (share it), or another plugin registered the same contract under the same name.</exception>
    void AddFactory<TContract>(Func<TContract> factory, string? name = null)
        where TContract : class;
}
