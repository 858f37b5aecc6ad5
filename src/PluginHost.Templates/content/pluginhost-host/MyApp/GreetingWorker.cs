using System.Threading.Channels;
using MyApp.Contracts;
using PluginHost.Registration;

namespace MyApp;

/// <summary>
/// Greets through every plugin's <see cref="IGreeter"/> when the app starts, and again each time the
/// plugins change (one was loaded, reloaded or unloaded). <see cref="ExtensionSet{TContract}"/> is live:
/// each call reaches the plugin's current code, never an unloaded one.
/// </summary>
internal sealed partial class GreetingWorker(ExtensionSet<IGreeter> greeters, ILogger<GreetingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Changed is raised on the thread that reloaded a plugin: only signal there, and greet from this loop.
        var changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        void OnChanged(object? sender, EventArgs e) => changed.Writer.TryWrite(true);

        greeters.Changed += OnChanged;
        try
        {
            Greet();
            while (await changed.Reader.WaitToReadAsync(stoppingToken))
            {
                changed.Reader.TryRead(out _);
                Greet();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
        finally
        {
            greeters.Changed -= OnChanged;
        }
    }

    private void Greet()
    {
        if (greeters.Count == 0)
        {
            LogNoGreeters(logger);
            return;
        }

        foreach (var greeter in greeters.Handles)
        {
            try
            {
                LogGreeting(logger, greeter.Plugin, greeter.Invoke(static g => g.Greet("world")));
            }
            catch (Exception e)
            {
                // One plugin's bug must not stop the others.
                LogGreeterFailed(logger, e, greeter.Plugin);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Plugin} says: {Greeting}")]
    private static partial void LogGreeting(ILogger logger, string? plugin, string greeting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No plugin provides an IGreeter yet: create one with `dotnet new pluginhost-plugin`, list it in plugins.toml and build it.")]
    private static partial void LogNoGreeters(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Plugin} failed to greet")]
    private static partial void LogGreeterFailed(ILogger logger, Exception exception, string? plugin);
}
