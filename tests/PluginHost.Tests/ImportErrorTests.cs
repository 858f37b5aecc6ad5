using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Results;
using PluginHost.Tests.Support;

namespace PluginHost.Tests;

[TestFixture]
public sealed class ImportErrorTests : ScratchFixture
{
    [Test]
    public void Import_NameNowhere_ListsEveryFinderAndEveryPathTriedInOrder()
    {
        var first = Directory.CreateDirectory(Path.Combine(Scratch.Path, "first")).FullName;
        var missing = Path.Combine(Scratch.Path, "missing");
        using var runtime = new PluginRuntime(new PluginRuntimeOptions { SearchPaths = [first, missing] });
        runtime.Finders.AddLast(new CountingFinder());

        var error = Assert.Throws<PluginImportException>(() => runtime.Import("Ghost"))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.NotFound));
        Assert.That(error.PluginName, Is.EqualTo("Ghost"));
        Assert.That(error.Message, Does.StartWith("No plugin named 'Ghost' was found."));
        Assert.That(error.Message, Does.Contain("Finders tried, in order: directory, counting."));
        var expectedOrder = new[]
        {
            $"[directory] {Path.Combine(first, "Ghost", "Ghost.dll")}: no such file",
            $"[directory] {Path.Combine(first, "Ghost.dll")}: no such file",
            $"[directory] {missing}: search path does not exist",
            "[counting] counting:Ghost: not here",
        };
        var lines = error.Message.Split(Environment.NewLine).Select(l => l.Trim()).ToList();
        Assert.That(expectedOrder.Select(e => lines.IndexOf(e)), Is.Ordered.And.All.GreaterThanOrEqualTo(0));
        Assert.That(error.Message, Does.Contain("add its folder to search_paths or PLUGINHOST_PATH"));
        Assert.That(error.Probes, Has.Count.EqualTo(4));
    }

    [TestCase("../Evil", "contains a path separator")]
    [TestCase("a/b", "contains a path separator")]
    [TestCase(@"a\b", "contains a path separator")]
    [TestCase("a..b", "contains '..'")]
    [TestCase("has space", "contains the character U+0020")]
    [TestCase("semi;colon", "contains ';'")]
    [TestCase("-dash", "must start with a letter or digit")]
    [TestCase("", "it is empty")]
    public void Import_InvalidName_IsRejectedBeforeAnyFinderRuns(string name, string reason)
    {
        using var runtime = new PluginRuntime(new PluginRuntimeOptions { SearchPaths = [Scratch.Path] });
        var finder = new CountingFinder();
        runtime.Finders.AddFirst(finder);

        var error = Assert.Throws<PluginImportException>(() => runtime.Import(name))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.InvalidName));
        Assert.That(error.Message, Does.Contain($"'{name}' is not a valid plugin name: ").And.Contain(reason).And.Contain("A plugin name is not a path."));
        Assert.That(finder.Calls, Is.Zero);
    }

    [Test]
    public void Import_AssemblyWithoutPluginType_SaysWhatToAdd()
    {
        using var runtime = RuntimeWith(FixturePlugins.NoPluginType);

        var error = Assert.Throws<PluginImportException>(() => runtime.Import(FixturePlugins.NoPluginType))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.NoPluginType));
        Assert.That(error.Message, Does.Contain("The plugin 'NoPluginType' at '").And.Contain("NoPluginType.dll' has no public class implementing PluginHost.IPlugin")
            .And.Contain("Add one with a public parameterless constructor"));
        Assert.That(runtime.TryGetLoaded(FixturePlugins.NoPluginType, out _), Is.False);
    }

    [Test]
    public void Import_AssemblyWithTwoPluginTypes_NamesBoth()
    {
        using var runtime = RuntimeWith(FixturePlugins.TwoPluginTypes);

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
        using var runtime = new PluginRuntime(new PluginRuntimeOptions { SearchPaths = [Scratch.Path] });

        var error = Assert.Throws<PluginImportException>(() => runtime.Import("Garbage"))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.NotAnAssembly));
        Assert.That(error.Origin, Is.EqualTo(dll));
        Assert.That(error.Message, Does.Contain($"The plugin 'Garbage' at '{dll}' is not a .NET assembly").And.Contain("Rebuild the plugin, or remove the stray file."));
    }

    [Test]
    public void Import_RegisterThrows_ReportsPluginNameDiscardsRegistrationsAndUnloads()
    {
        using var runtime = RuntimeWith(FixturePlugins.Throwing);

        var error = Assert.Throws<PluginImportException>(() => runtime.Import(FixturePlugins.Throwing))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.RegisterFailed));
        Assert.That(error.InnerException, Is.TypeOf<InvalidOperationException>());
        Assert.That(error.Message, Does.Contain("The plugin 'ThrowingPlugin' at '").And.Contain("threw InvalidOperationException in Register(): the database is on fire")
            .And.Contain("Its registrations were discarded and it was unloaded; the other plugins are unaffected."));
        Assert.That(runtime.Registry.FindCommand("throwing.partial"), Is.Null, "what it registered before throwing is gone");
        Assert.That(runtime.TryGetLoaded(FixturePlugins.Throwing, out _), Is.False);
    }

    [Test]
    public void ImportAll_OnePluginThrowsAnotherIsMissing_TheOthersStillLoad()
    {
        var searchPath = FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting, FixturePlugins.Throwing, FixturePlugins.SelfImporter);
        using var runtime = new PluginRuntime(new PluginRuntimeOptions
        {
            SearchPaths = [searchPath],
            Plugins =
            [
                new PluginEntry { Name = FixturePlugins.Counting },
                new PluginEntry { Name = FixturePlugins.Throwing },
                new PluginEntry { Name = "Missing" },
                new PluginEntry { Name = FixturePlugins.NoPluginType, Enabled = false },
                new PluginEntry { Name = FixturePlugins.SelfImporter },
            ],
        });

        var outcomes = runtime.ImportAll();

        Assert.That(outcomes.Select(o => (o.Name, o.Status)), Is.EqualTo(new[]
        {
            (FixturePlugins.Counting, ImportStatus.Loaded),
            (FixturePlugins.Throwing, ImportStatus.Failed),
            ("Missing", ImportStatus.Failed),
            (FixturePlugins.NoPluginType, ImportStatus.Disabled),
            (FixturePlugins.SelfImporter, ImportStatus.Loaded),
        }));
        Assert.That(outcomes[1].Error!.Message, Does.Contain("'ThrowingPlugin'"));
        Assert.That(runtime.Registry.Invoke("counting.echo", "x"), Does.StartWith("x from"));
        Assert.That(runtime.Registry.FindCommand("self.observed"), Is.Not.Null);
    }

    [Test]
    public void ImportAll_Cancelled_StopsBeforeTheNextPlugin()
    {
        using var runtime = new PluginRuntime(new PluginRuntimeOptions
        {
            SearchPaths = [FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting)],
            Plugins = [new PluginEntry { Name = FixturePlugins.Counting }],
        });
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.That(() => runtime.ImportAll(cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(runtime.Loaded, Is.Empty);
    }

    private PluginRuntime RuntimeWith(params string[] fixtures) =>
        new(new PluginRuntimeOptions { SearchPaths = [FixturePlugins.CopyToSearchPath(Scratch, fixtures)] });
}
