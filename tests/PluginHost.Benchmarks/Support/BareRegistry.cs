namespace PluginHost.Benchmarks.Support;

/// <summary>Plain dictionaries of commands and implementations: the baseline's registry.</summary>
internal sealed class BareRegistry : IPluginRegistry
{
    private readonly Dictionary<string, Func<string, string>> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<(Type, string?), object> _implementations = [];

    public void AddCommand(string name, string description, Func<string, string> handler) => _commands.Add(name, handler);

    public string Invoke(string name, string input) => _commands[name](input);

    public void Add<TContract>(TContract implementation, string? name = null)
        where TContract : class => _implementations.Add((typeof(TContract), name), implementation);

    public void AddFactory<TContract>(Func<TContract> factory, string? name = null)
        where TContract : class => _implementations.Add((typeof(TContract), name), factory);
}
