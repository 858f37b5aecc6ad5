using PluginHost.Diagnostics;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Runtime;

/// <summary>Building a generation from a found spec: an assembly that is no plugin, or a plugin whose Register throws, fails cleanly and leaves nothing behind.</summary>
[TestFixture]
public sealed class GenerationBuilderTests : ScratchFixture
{
    [Test]
    public void Import_AssemblyWithoutPluginType_SaysWhatToAdd()
    {
        using var runtime = TestRuntime.Create(FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.NoPluginType));

        var error = Assert.Throws<PluginImportException>(() => runtime.Import(FixturePlugins.NoPluginType))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.NoPluginType));
        Assert.That(error.Message, Does.Contain("The plugin 'NoPluginType' at '").And.Contain("NoPluginType.dll' has no public class implementing PluginHost.IPlugin")
            .And.Contain("Add one with a public parameterless constructor"));
        Assert.That(runtime.TryGetLoaded(FixturePlugins.NoPluginType, out _), Is.False);
    }

    [Test]
    public void Import_AssemblyWithTwoPluginTypes_NamesBoth()
    {
        using var runtime = TestRuntime.Create(FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.TwoPluginTypes));

        var error = Assert.Throws<PluginImportException>(() => runtime.Import(FixturePlugins.TwoPluginTypes))!;

        Assert.That(error.Message, Does.Contain("more than one public class implementing PluginHost.IPlugin")
            .And.Contain("TwoPluginTypes.FirstPlugin").And.Contain("TwoPluginTypes.SecondPlugin").And.Contain("Keep exactly one."));
    }

    [Test]
    public void Import_GarbageBytes_IsReportedAsNotAnAssembly()
    {
        var dll = Path.Combine(Scratch.Path, "Garbage", "Garbage.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(dll)!);
        File.WriteAllBytes(dll, [0x4D, 0x5A, 0xDE, 0xAD, 0xBE, 0xEF, 1, 2, 3, 4, 5, 6, 7, 8]);
        using var runtime = TestRuntime.Create(Scratch.Path);

        var error = Assert.Throws<PluginImportException>(() => runtime.Import("Garbage"))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.NotAnAssembly));
        Assert.That(error.Origin, Is.EqualTo(dll));
        Assert.That(error.Message, Does.Contain($"The plugin 'Garbage' at '{dll}' is not a .NET assembly").And.Contain("Rebuild the plugin, or remove the stray file."));
    }

    [Test]
    public void Import_RegisterThrows_ReportsPluginNameDiscardsRegistrationsAndUnloads()
    {
        using var runtime = TestRuntime.Create(FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Throwing));

        var error = Assert.Throws<PluginImportException>(() => runtime.Import(FixturePlugins.Throwing))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.RegisterFailed));
        Assert.That(error.InnerException, Is.TypeOf<InvalidOperationException>());
        Assert.That(error.Message, Does.Contain("The plugin 'ThrowingPlugin' at '").And.Contain("threw InvalidOperationException in Register(): the database is on fire")
            .And.Contain("Its registrations were discarded and it was unloaded; the other plugins are unaffected."));
        Assert.That(runtime.Registry.FindCommand("throwing.partial"), Is.Null, "what it registered before throwing is gone");
        Assert.That(runtime.TryGetLoaded(FixturePlugins.Throwing, out _), Is.False);
    }
}
