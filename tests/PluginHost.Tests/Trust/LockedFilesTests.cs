using PluginHost.CSharp;
using PluginHost.Hooks;
using PluginHost.NuGet;
using PluginHost.Tests.Support;
using PluginHost.Trust;

namespace PluginHost.Tests.Trust;

/// <summary>What a lock file pins for plugins whose loaders live in the optional packages.</summary>
[TestFixture]
public sealed class LockedFilesTests : ScratchFixture
{
    [Test]
    public void Hash_CSharpSourceFolder_PinsEverySourceItCompilesRelativeToTheFolder()
    {
        Scratch.Write("scripts/Hello/Hello.cs", "// plugin");
        Scratch.Write("scripts/Hello/Text/Format.cs", "// helper");
        Scratch.Write("scripts/Hello/obj/Stale.cs", "// build output, never compiled");
        var finder = new CSharpSourceFinder(new CSharpSourceOptions { SourcePaths = [Path.Combine(Scratch.Path, "scripts")] });
        var spec = finder.FindSpec("Hello", new PluginSearchContext([]))!;

        var hashes = LockedFiles.Hash(spec);

        Assert.That(LockedFiles.BaseOf(spec), Is.EqualTo(Path.Combine(Scratch.Path, "scripts", "Hello")));
        Assert.That(hashes.Keys, Is.EqualTo(new[] { "Hello.cs", "Text/Format.cs" }));
        Assert.That(hashes["Hello.cs"], Is.EqualTo(LockedFiles.HashFile(Path.Combine(Scratch.Path, "scripts", "Hello", "Hello.cs"))));
    }

    [Test]
    public void Hash_CSharpSourceFile_PinsTheFileAlone()
    {
        Scratch.Write("scripts/Hello.cs", "// plugin");
        Scratch.Write("scripts/Other.cs", "// another plugin");
        var finder = new CSharpSourceFinder(new CSharpSourceOptions { SourcePaths = [Path.Combine(Scratch.Path, "scripts")] });
        var spec = finder.FindSpec("Hello", new PluginSearchContext([]))!;

        Assert.That(LockedFiles.Hash(spec).Keys, Is.EqualTo(new[] { "Hello.cs" }));
    }

    [Test]
    public void Hash_NuGetPackage_PinsThePackageFile()
    {
        var finder = new NuGetFeedFinder(new NuGetFeedOptions { Feeds = [FixturePlugins.Feed], CacheDirectory = Path.Combine(Scratch.Path, "cache") });
        var spec = finder.FindSpec("PackagedPlugin", new PluginSearchContext([]))!;

        var hashes = LockedFiles.Hash(spec);

        Assert.That(hashes.Keys, Is.EqualTo(new[] { "PackagedPlugin.2.0.0.nupkg" }));
        Assert.That(hashes.Values.Single(), Is.EqualTo(LockedFiles.HashFile(Path.Combine(FixturePlugins.Feed, "PackagedPlugin.2.0.0.nupkg"))));
    }
}
