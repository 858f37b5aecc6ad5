using FixtureContracts;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Hosting.Tests.Support;
using PluginHost.Registration;

namespace PluginHost.Hosting.Tests;

[TestFixture]
public sealed class PluginHostBuilderTests
{
    [Test]
    public async Task ConfigureRuntime_GetsTheAppsServices_AndHasTheLastWord()
    {
        using var root = new TempDirectory();
        var plugins = Path.Combine(root.Path, "elsewhere");
        Fixtures.CopyPlugin(plugins, Fixtures.TypedGreeter, "TypedGreeter.V1");
        var builder = TestHosts.Builder(root.Path, new CollectingLoggerProvider(), TestHosts.Keys(
            ("PluginHost:SearchPaths:0", "not-here"),
            ("PluginHost:Plugins:0", Fixtures.TypedGreeter)));
        builder.Services.AddSingleton(new PluginFolder(plugins));
        builder.AddPluginHost()
            .AddExtension<IGreeting>()
            .ConfigureRuntime((services, options) => options with { SearchPaths = [services.GetRequiredService<PluginFolder>().Path] });
        using var host = builder.Build();

        await host.StartAsync();

        Assert.That(host.Services.GetRequiredService<PluginRuntime>().SearchPaths, Is.EqualTo(new[] { plugins }));
        Assert.That(host.Services.GetRequiredService<ExtensionHandle<IGreeting>>().Invoke(static g => g.Greet("there")), Is.EqualTo("v1: Hello, there"));
        await host.StopAsync();
    }

    [Test]
    public void AddExtension_TwoContracts_EachGetsOneSetAndOneHandleOverTheOneRuntime()
    {
        using var root = new TempDirectory();
        var builder = TestHosts.Builder(root.Path, new CollectingLoggerProvider());
        builder.AddPluginHost().AddExtension<IGreeting>().AddExtension<ITextTransform>().AddExtension<IGreeting>();
        using var host = builder.Build();

        Assert.That(builder.Services.Count(d => d.ServiceType == typeof(ExtensionSet<IGreeting>)), Is.EqualTo(1));
        Assert.That(builder.Services.Count(d => d.ServiceType == typeof(ExtensionHandle<IGreeting>)), Is.EqualTo(1));
        Assert.That(host.Services.GetRequiredService<ExtensionSet<ITextTransform>>().Count, Is.Zero);
        Assert.That(host.Services.GetRequiredService<ExtensionHandle<ITextTransform>>().IsAvailable, Is.False);
    }

    private sealed record PluginFolder(string Path);
}
