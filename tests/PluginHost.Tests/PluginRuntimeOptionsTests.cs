namespace PluginHost.Tests;

[TestFixture]
public sealed class PluginRuntimeOptionsTests
{
    [Test]
    public void Services_NotSet_IsAProviderThatResolvesNothing()
    {
        var services = new PluginRuntimeOptions().Services;

        Assert.That(services.GetService(typeof(IServiceProvider)), Is.Null);
        Assert.That(services.GetService(typeof(PluginRuntime)), Is.Null);
    }
}
