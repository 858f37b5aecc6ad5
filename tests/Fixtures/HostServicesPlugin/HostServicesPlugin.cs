using FixtureContracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PluginHost;

namespace HostServicesPlugin;

/// <summary>
/// Greets with the host's name, which it gets from the host's <see cref="IHostInfo"/> service, and logs through
/// the host's <see cref="ILogger{TCategoryName}"/>. With the setting <c>leak = "true"</c> it also subscribes to
/// <see cref="IHostInfo.Changed"/> and never unsubscribes: the host's service then keeps this generation alive.
/// </summary>
public sealed partial class HostServicesPlugin : IPlugin
{
    public void Register(IPluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var logger = context.Services.GetRequiredService<ILogger<HostServicesPlugin>>();
        var host = context.Services.GetRequiredService<IHostInfo>();
        if (context.Settings.GetValueOrDefault("leak") == "true")
        {
            host.Changed += OnHostChanged;
        }

        LogRegistering(logger, host.Name);
        context.Registry.Add<IGreeting>(new Greeting(host.Name));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registering for {HostName}")]
    private static partial void LogRegistering(ILogger logger, string hostName);

    private void OnHostChanged(object? sender, EventArgs e)
    {
    }

    private sealed class Greeting(string hostName) : IGreeting
    {
        public string Greet(string who) => $"{hostName} greets {who}";

        public async Task<string> GreetWhenAsync(string who, Task gate)
        {
            await gate.ConfigureAwait(false);
            return Greet(who);
        }
    }
}
