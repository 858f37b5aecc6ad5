using System.Runtime.Loader;
using PluginHost.Diagnostics;
using PluginHost.Finding;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Finding;

[TestFixture]
public sealed class InMemoryFinderTests
{
    private static byte[] DllOf(string fixture) => File.ReadAllBytes(Path.Combine(FixturePlugins.FolderOf(fixture), fixture + ".dll"));

    private static byte[] PdbOf(string fixture) => File.ReadAllBytes(Path.Combine(FixturePlugins.FolderOf(fixture), fixture + ".pdb"));

    [Test]
    public void Import_BytesOfBuiltFixture_LoadsCollectibleAndCachesUnderItsName()
    {
        using var runtime = TestRuntime.Create();
        var memory = new InMemoryFinder();
        runtime.Finders.AddFirst(memory);
        memory.Add("Memo", DllOf(FixturePlugins.Counting), PdbOf(FixturePlugins.Counting));

        var plugin = runtime.Import("Memo");

        Assert.That(plugin.Origin, Is.EqualTo("memory:Memo"));
        Assert.That(plugin.Spec.Finder, Is.EqualTo("memory"));
        Assert.That(AssemblyLoadContext.GetLoadContext(plugin.Instance.GetType().Assembly)!.IsCollectible, Is.True);
        Assert.That(runtime.TryGetLoaded("Memo", out var cached) && ReferenceEquals(cached, plugin), Is.True);
        Assert.That(runtime.Registry.Invoke("counting.echo", "hi"), Is.EqualTo("hi from  (1)"));
    }

    [Test]
    public async Task Import_AfterNewBytesAndUnload_RunsTheNewImage()
    {
        using var runtime = TestRuntime.Create();
        var memory = new InMemoryFinder();
        runtime.Finders.AddFirst(memory);
        memory.Add("Memo", DllOf(FixturePlugins.SelfImporter));
        runtime.Import("Memo");
        Assert.That(runtime.Registry.Invoke("self.observed", ""), Does.StartWith("Registering"));

        memory.Add("Memo", DllOf(FixturePlugins.Counting));
        var unloaded = await runtime.UnloadAsync("Memo");
        var reloaded = runtime.Import("Memo");

        Assert.That(unloaded!.Collected, Is.True, "the first image's context must be collected");
        Assert.That(reloaded.Generation, Is.EqualTo(2));
        Assert.That(runtime.Registry.Invoke("counting.echo", "again"), Is.EqualTo("again from  (1)"));
        Assert.That(() => runtime.Registry.Invoke("self.observed", ""), Throws.TypeOf<KeyNotFoundException>());
    }

    [Test]
    public void Import_BytesThatAreNoAssembly_FailsAsNotAnAssembly()
    {
        using var runtime = TestRuntime.Create();
        var memory = new InMemoryFinder();
        runtime.Finders.AddFirst(memory);
        memory.Add("Junk", "not a portable executable"u8.ToArray());

        var error = Assert.Throws<PluginImportException>(() => runtime.Import("Junk"))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.NotAnAssembly));
        Assert.That(error.Message, Does.Contain("The plugin 'Junk' at 'memory:Junk' is not a .NET assembly"));
    }

    [Test]
    public void Add_EmptyImage_SaysWhatToPass()
    {
        var memory = new InMemoryFinder();

        Assert.That(() => memory.Add("Empty", ReadOnlyMemory<byte>.Empty),
            Throws.ArgumentException.With.Message.Contain("The assembly image given for the plugin 'Empty' is empty. Pass the bytes of a built plugin .dll."));
    }

    [Test]
    public void Find_NameNotAdded_RecordsTheProbeAndLetsTheNextFinderAnswer()
    {
        using var runtime = TestRuntime.Create();
        runtime.Finders.AddFirst(new InMemoryFinder());

        var found = runtime.Find("Absent");

        Assert.That(found.Spec, Is.Null);
        Assert.That(found.Probes.Select(p => $"{p.Finder} {p.Location} {p.Outcome}"), Does.Contain("memory memory:Absent no image added under this name"));
    }
}
