using FixtureContracts;
using Microsoft.Extensions.Hosting;
using PluginHost.Registration;

namespace PluginHost.Hosting.Tests.Support;

/// <summary>The app's own service: takes the live set and handle of <see cref="IGreeting"/> in its constructor and greets through them when it starts.</summary>
internal sealed class GreetingWorker(ExtensionSet<IGreeting> greetings, ExtensionHandle<IGreeting> first) : IHostedService
{
    public ExtensionSet<IGreeting> Greetings => greetings;

    public ExtensionHandle<IGreeting> First => first;

    /// <summary>What every implementation answered when the worker started.</summary>
    public IReadOnlyList<string> AtStart { get; private set; } = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        AtStart = greetings.Invoke(static g => g.Greet("worker"));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
