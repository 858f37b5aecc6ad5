using PluginHost.Tests.Support;

namespace PluginHost.Tests.Loading;

/// <summary>
/// Plugin-to-plugin types (Python's <c>from a import Foo</c>): LibraryUser requires GreetingLibrary and
/// uses its Exclaimer class directly, with a copy of GreetingLibrary.dll in its own folder that must not be used.
/// </summary>
[TestFixture]
public sealed class RequiredPluginsContextTests : ScratchFixture
{
    [Test]
    public async Task Import_PluginUsingARequiredPluginsTypes_GetsTheRequiredPluginsVeryTypes()
    {
        await using var runtime = TestRuntime.Create(FixturePlugins.CopyToSearchPath(Scratch, "GreetingLibrary", "LibraryUser"));

        runtime.Import("LibraryUser");

        Assert.That(runtime.Registry.Invoke("user.identity", ""), Is.EqualTo("same"), "Exclaimer is GreetingLibrary's own type, not the copy beside LibraryUser");
        Assert.That(runtime.Registry.Invoke("user.exclaim", "hi"), Is.EqualTo("user: hi!"));
    }

    [Test]
    public async Task ReloadAsync_RequiredPlugin_ReloadsTheUserOntoItsNewTypesAndBothOldGenerationsAreCollected()
    {
        await using var runtime = TestRuntime.Create(FixturePlugins.CopyToSearchPath(Scratch, "GreetingLibrary", "LibraryUser"));
        runtime.Import("LibraryUser");

        var reload = await runtime.ReloadAsync("GreetingLibrary");

        Assert.That(reload.Succeeded, Is.True, reload.Error?.Message);
        Assert.That(reload.Dependents.Select(d => (d.Name, d.Succeeded)), Is.EqualTo(new[] { ("LibraryUser", true) }));
        Assert.That(runtime.Registry.Invoke("user.library-generation", ""), Is.EqualTo("2"));
        Assert.That(runtime.Registry.Invoke("user.identity", ""), Is.EqualTo("same"));
        Assert.That(reload.Unload!.Collected, Is.True, "the old library generation is free once its user moved on");
        Assert.That(reload.Dependents[0].Unload!.Collected, Is.True);
    }
}
