using PluginHost.Tests.Support;

namespace PluginHost.Tests.Loading;

/// <summary>A plugin may target an older .NET than the host: the abstractions ship a net8.0 build for it.</summary>
[TestFixture]
public sealed class OlderFrameworkPluginTests : ScratchFixture
{
    [Test]
    public void Import_PluginBuiltForNet8_LoadsAndRunsOnTheHostsRuntime()
    {
        FixturePlugins.CopyToSearchPath(Scratch, "Net8Plugin");
        using var runtime = TestRuntime.Create(Scratch.Path);

        runtime.Import("Net8Plugin");

        Assert.That(runtime.Registry.Invoke("net8.framework", ""), Is.EqualTo($".NETCoreApp,Version=v8.0 on {Environment.Version.Major}"));
    }
}
