using PluginHost;

namespace LifecyclePlugin;

/// <summary>
/// Writes each phase of its life to the file the "log" setting names ("register 2", "start 2", ...), so
/// tests can see the order. The "hang" setting names a phase that waits (until the "release" file beside
/// the log appears, at most a minute), "fail" one that throws.
/// </summary>
public sealed class LifecyclePlugin : IPlugin, IPluginLifecycle, IDisposable
{
    private string _log = string.Empty;
    private string _hang = string.Empty;
    private string _fail = string.Empty;
    private int _generation;

    public void Register(IPluginContext context)
    {
        _log = context.Settings["log"];
        _hang = context.Settings.GetValueOrDefault("hang", string.Empty);
        _fail = context.Settings.GetValueOrDefault("fail", string.Empty);
        _generation = context.Import(context.Name).Generation;
        Phase("register");
        context.Registry.AddCommand("lifecycle.generation", "Which generation serves.", _ => _generation.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Phase("start");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Phase("stop");
        return Task.CompletedTask;
    }

    public void Dispose() => Phase("dispose");

    private void Phase(string phase)
    {
        File.AppendAllText(_log, $"{phase} {_generation}\n");
        if (_fail == phase)
        {
            throw new InvalidOperationException($"{phase} fails on purpose");
        }

        if (_hang == phase)
        {
            var release = Path.Combine(Path.GetDirectoryName(_log)!, "release");
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (!File.Exists(release) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(10);
            }
        }
    }
}
