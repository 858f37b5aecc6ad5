using System.ComponentModel;
using System.Text.Json;
using PluginHost;

namespace LeakZoo;

/// <summary>Leaks the way its "leak" setting says, each leak through an object of its own type, so a test can tell them apart.</summary>
public sealed class ZooPlugin : IPlugin
{
    public void Register(IPluginContext context)
    {
        var leak = context.Settings.TryGetValue("leak", out var value) ? value : "none";
        switch (leak)
        {
            case "process-exit":
                new ProcessExitLeak().Start();
                break;
            case "timer":
                new TimerLeak().Start();
                break;
            case "thread":
                new ThreadLeak().Start();
                break;
            case "app-context":
                AppContext.SetData("LeakZoo.State", new AppContextState());
                break;
            case "type-descriptor":
                TypeDescriptor.AddProvider(new ZooDescriptionProvider(), typeof(ZooComponent));
                break;
            case "shared-cache":
                LeakShared.SharedCache.Add(new CachedItem());
                break;
            case "json":
                _ = JsonSerializer.Serialize(new JsonPayload { Text = "zoo" });
                break;
            default:
                break;
        }

        context.Registry.AddCommand(context.Name + ".leak", "Says how it leaks.", _ => leak);
    }
}

public sealed class ProcessExitLeak
{
    public void Start() => AppDomain.CurrentDomain.ProcessExit += OnProcessExit;

    private void OnProcessExit(object? sender, EventArgs e)
    {
    }
}

// CA1001: leaking is the point; it is never disposed.
#pragma warning disable CA1001
public sealed class TimerLeak
{
    private Timer? _timer;

    public void Start() => _timer = new Timer(Tick, null, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    private void Tick(object? state) => GC.KeepAlive(_timer);
}

public sealed class ThreadLeak
{
    private readonly ManualResetEventSlim _stop = new();

    public void Start() => new Thread(Run) { IsBackground = true, Name = "LeakZoo worker" }.Start();

    private void Run() => _stop.Wait();
}

#pragma warning restore CA1001

public sealed class AppContextState
{
    public string Value { get; } = "zoo";
}

public sealed class ZooComponent
{
}

public sealed class ZooDescriptionProvider : TypeDescriptionProvider
{
}

public sealed class CachedItem
{
}

public sealed class JsonPayload
{
    public string? Text { get; set; }
}
