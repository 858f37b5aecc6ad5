using PluginHost.Configuration;
using PluginHost.CSharp;
using PluginHost.Diagnostics;
using PluginHost.Finding;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.CSharp;

/// <summary>Hot reload is the same transaction whatever the plugin's source.</summary>
[TestFixture]
public sealed class SourceReloadTests : ScratchFixture
{
    private static string Script(string greeting) => $$"""
        namespace Scripted;

        public sealed class Hello : IPlugin
        {
            public void Register(IPluginContext context) =>
                context.Registry.AddCommand("hello", "Greets.", who => $"{{greeting}}, {who}!");
        }
        """;

    [Test]
    public async Task ReloadAsync_InMemoryBytesReplaced_ServesTheNewImage()
    {
        using var runtime = TestRuntime.Create();
        var memory = new InMemoryFinder();
        runtime.Finders.AddFirst(memory);
        memory.Add(VersionedBuilds.Name, BuildBytes(VersionedBuilds.V1));
        runtime.Import(VersionedBuilds.Name);

        memory.Add(VersionedBuilds.Name, BuildBytes(VersionedBuilds.V2));
        var result = await runtime.ReloadAsync(VersionedBuilds.Name);

        Assert.That(result.Succeeded, Is.True, result.Error?.Message);
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v2"));
        Assert.That(result.Unload!.Collected, Is.True);
    }

    [Test]
    public async Task ReloadAsync_SourceEditedToACompileError_OldGenerationServesAndTheErrorNamesTheLine()
    {
        var file = Scratch.Write("scripts/Hello.cs", Script("Hello"));
        using var runtime = new TestRuntime().Finder(SourceFinder()).HotReload(new HotReloadOptions()).Build();
        runtime.Import("Hello");

        File.WriteAllText(file, Script("Hi").Replace("=> $", "=> $$$", StringComparison.Ordinal));
        var broken = await runtime.ReloadAsync("Hello");

        Assert.That(broken.Error!.Failure, Is.EqualTo(ImportFailure.CompileFailed));
        Assert.That(broken.Error.Message, Does.Contain($"{file}:6:"));
        Assert.That(runtime.Registry.Invoke("hello", "you"), Is.EqualTo("Hello, you!"));

        File.WriteAllText(file, Script("Hi"));
        var fixedUp = await runtime.ReloadAsync("Hello");

        Assert.That(fixedUp.Succeeded, Is.True, fixedUp.Error?.Message);
        Assert.That(runtime.Registry.Invoke("hello", "you"), Is.EqualTo("Hi, you!"));
    }

    [Test]
    public async Task StartWatching_SourceFileEdited_ReloadsIt()
    {
        var file = Scratch.Write("scripts/Hello.cs", Script("Hello"));
        using var runtime = new TestRuntime().Finder(SourceFinder()).HotReload(new HotReloadOptions()).Build();
        using var events = new ReloadEvents(runtime);
        runtime.Import("Hello");
        await using var watching = runtime.StartWatching();

        File.WriteAllText(file, Script("Howdy"));

        Assert.That(events.Next("Hello").Succeeded, Is.True);
        Assert.That(runtime.Registry.Invoke("hello", "you"), Is.EqualTo("Howdy, you!"));
    }

    private CSharpSourceFinder SourceFinder() => new(new CSharpSourceOptions
    {
        SourcePaths = [Path.Combine(Scratch.Path, "scripts")],
        CacheDirectory = Path.Combine(Scratch.Path, "cache"),
    });

    private static byte[] BuildBytes(string build) => File.ReadAllBytes(Path.Combine(FixturePlugins.Root, build, VersionedBuilds.Name + ".dll"));
}
