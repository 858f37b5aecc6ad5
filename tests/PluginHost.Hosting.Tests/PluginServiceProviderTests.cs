using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PluginHost.Hosting.Tests.Support;

namespace PluginHost.Hosting.Tests;

[TestFixture]
public sealed class PluginServiceProviderTests
{
    [Test]
    public void GetService_TypesOfTheHost_ResolveFromTheAppsContainer()
    {
        using var app = new ServiceCollection().AddLogging().AddSingleton(new TestHostInfo("TestApp")).BuildServiceProvider();
        var services = new PluginServiceProvider(app);

        Assert.That(services.GetService(typeof(TestHostInfo)), Is.SameAs(app.GetRequiredService<TestHostInfo>()));
        Assert.That(services.GetService(typeof(ILogger<PluginServiceProviderTests>)), Is.SameAs(app.GetRequiredService<ILogger<PluginServiceProviderTests>>()));
        Assert.That(services.GetService(typeof(IServiceProvider)), Is.SameAs(services));
    }

    [Test]
    public void GetService_TypesBuiltFromAPluginsType_NeverReachTheAppsContainerAndThePluginStillUnloads()
    {
        using var app = new ServiceCollection().AddLogging().BuildServiceProvider();
        var services = new PluginServiceProvider(app);

        var context = ResolveForAPluginType(services, out var logger, out var enumerable, out var scoped);

        Assert.That(logger, Is.True, "ILogger<T> of a plugin's type was not made from the app's logger factory");
        Assert.That(enumerable, Is.False, "IEnumerable<T> of a plugin's type reached the app's container");
        Assert.That(scoped, Is.True, "a scope's ILogger<T> of a plugin's type was not made from the app's logger factory");
        Assert.That(Unloading.IsCollected(context), Is.True, "the app's container keeps the plugin's load context alive");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference ResolveForAPluginType(PluginServiceProvider services, out bool logger, out bool enumerable, out bool scoped)
    {
        var context = new AssemblyLoadContext("plugin", isCollectible: true);
        var assembly = context.LoadFromAssemblyPath(Path.Combine(Fixtures.FolderOf("TypedGreeter.V1"), "TypedGreeter.dll"));
        var pluginType = assembly.GetType("TypedGreeter.TypedGreeterPlugin", throwOnError: true)!;
        logger = services.GetService(typeof(ILogger<>).MakeGenericType(pluginType)) is ILogger;
        enumerable = services.GetService(typeof(IEnumerable<>).MakeGenericType(pluginType)) is not null;
        using (var scope = services.GetRequiredService<IServiceScopeFactory>().CreateScope())
        {
            scoped = scope.ServiceProvider.GetService(typeof(ILogger<>).MakeGenericType(pluginType)) is ILogger;
        }

        context.Unload();
        return new WeakReference(context);
    }
}
