using System.Runtime.InteropServices;
using System.Threading.Channels;
using PluginHost;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Results;
using TextApp.Contracts;

// TextApp [--config FILE] [--watch] TEXT...: transforms TEXT with every ITextTransform the plugins provide.
var configPath = "textapp.toml";
var watch = false;
var words = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--watch":
            watch = true;
            break;
        case "--config" when i + 1 < args.Length:
            configPath = args[++i];
            break;
        default:
            words.Add(args[i]);
            break;
    }
}

if (words.Count == 0)
{
    Console.Error.WriteLine("usage: TextApp [--config textapp.toml] [--watch] TEXT...");
    return 2;
}

var text = string.Join(' ', words);
HostConfiguration configuration;
try
{
    configuration = HostConfiguration.Load(configPath);
}
catch (PluginConfigurationException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

// The runtime shares TextApp.Contracts with every plugin (shared_assemblies), so ITextTransform is one type.
await using var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(configuration));
var failures = 0;
foreach (var outcome in runtime.ImportAll())
{
    if (outcome.Status == ImportStatus.Failed)
    {
        Console.Error.WriteLine($"error: {outcome.Error?.Message}");
        failures++;
    }
}

// Live views, never raw instances: both reach the current generation of each plugin on every call.
using var transforms = runtime.Registry.All<ITextTransform>();
var rot13 = runtime.Registry.Handle<ITextTransform>("rot13");
PrintTransforms();
if (!watch)
{
    return failures == 0 ? 0 : 1;
}

// --watch: reload plugins whose files change, and print again whenever the set of transforms changed.
using var stop = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
var changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

// Changed is raised on the thread that committed the reload: only signal here, and print from the loop below.
transforms.Changed += (_, _) => changed.Writer.TryWrite(true);
await using (runtime.StartWatching())
{
    Console.WriteLine("Watching the plugins: rebuild one to reload it, Ctrl+C to stop.");
    try
    {
        while (true)
        {
            await changed.Reader.ReadAsync(stop.Token);
            Console.WriteLine("The transforms changed:");
            PrintTransforms();
        }
    }
    catch (OperationCanceledException) when (stop.IsCancellationRequested)
    {
    }
}

return 0;

void PrintTransforms()
{
    var handles = transforms.Handles;
    Console.WriteLine($"{handles.Count} transforms of \"{text}\":");
    foreach (var transform in handles)
    {
#pragma warning disable CA1031 // A plugin's transform may throw anything; one plugin's bug must not stop the others.
        try
        {
            var (name, result) = transform.Invoke(text, static (t, input) => (t.Name, t.Transform(input)));
            Console.WriteLine($"  {name,-6} {result}");
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: the plugin '{transform.Plugin}' failed: {e.Message}");
        }
#pragma warning restore CA1031
    }

    if (rot13.IsAvailable)
    {
        Console.WriteLine($"rot13 twice: {rot13.Invoke(text, static (t, input) => t.Transform(t.Transform(input)))}");
    }
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
