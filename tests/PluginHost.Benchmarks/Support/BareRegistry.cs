namespace PluginHost.Benchmarks.Support;

/// <summary>A plain dictionary of commands: the baseline's registry.</summary>
internal sealed class BareRegistry : IPluginRegistry
{
    private readonly Dictionary<string, Func<string, string>> _commands = new(StringComparer.Ordinal);

    public void AddCommand(string name, string description, Func<string, string> handler) => _commands.Add(name, handler);

    public string Invoke(string name, string input) => _commands[name](input);
}
