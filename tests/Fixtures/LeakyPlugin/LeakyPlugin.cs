using PluginHost;

namespace LeakyPlugin;

/// <summary>
/// Leaks on purpose: a handler on AppDomain.ProcessExit roots this generation's types in the default
/// context forever, so its load context can never be collected. The host must say so, not hang.
/// </summary>
public sealed class LeakyPlugin : IPlugin
{
    public void Register(IPluginContext context)
    {
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        context.Registry.AddCommand("leaky.ping", "Answers while leaking.", _ => "pong");
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
    }
}
