using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Runtime;

/// <summary>Resolving a name before anything loads: the name checked, the finders asked in order, every probe reported, shadowed copies named.</summary>
[TestFixture]
public sealed class ResolverTests : ScratchFixture
{
    [Test]
    public void Import_NameNowhere_ListsEveryFinderAndEveryPathTriedInOrder()
    {
        var first = Directory.CreateDirectory(Path.Combine(Scratch.Path, "first")).FullName;
        var missing = Path.Combine(Scratch.Path, "missing");
        using var runtime = TestRuntime.Create(first, missing);
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
    [TestCase("zero\u200Bwidth", "contains the character U+200B")]
    [TestCase("tab\tname", "contains the character U+0009")]
    [TestCase("emoji\U0001F600", "contains '\U0001F600'")]
    [TestCase("\u0301accent", "must start with a letter or digit")]
    public void Import_InvalidName_IsRejectedBeforeAnyFinderRuns(string name, string reason)
    {
        using var runtime = TestRuntime.Create(Scratch.Path);
        var finder = new CountingFinder();
        runtime.Finders.AddFirst(finder);

        var error = Assert.Throws<PluginImportException>(() => runtime.Import(name))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.InvalidName));
        Assert.That(error.Message, Does.Contain($"'{name}' is not a valid plugin name: ").And.Contain(reason).And.Contain("A plugin name is not a path."));
        Assert.That(finder.Calls, Is.Zero);
    }

    [Test]
    public void Import_NameWithAnUnpairedSurrogate_IsRejectedNamingIt()
    {
        // Built at run time: an attribute argument is stored as UTF-8, which cannot hold a lone surrogate.
        var name = "lone" + (char)0xD800 + "surrogate";
        using var runtime = TestRuntime.Create(Scratch.Path);

        var error = Assert.Throws<PluginImportException>(() => runtime.Import(name))!;

        Assert.That(error.Message, Does.Contain("is not a valid plugin name: it contains the unpaired surrogate U+D800; only letters and digits (of any script), '.', '_' and '-' are allowed."));
    }

    [TestCase("Plátano")]
    [TestCase("Μπανάνα")]
    [TestCase("केला")]
    [TestCase("香蕉-2")]
    public void Import_NameInAnyScript_IsFoundInItsFolder(string name)
    {
        FixturePlugins.AddManifestPlugin(Scratch.Path, name);
        using var runtime = TestRuntime.Create(Scratch.Path);

        var plugin = runtime.Import(name);

        Assert.That(plugin.Name, Is.EqualTo(name));
        Assert.That(plugin.Origin, Is.EqualTo(Path.Combine(Scratch.Path, name, "ManifestPlugin.dll")));
    }

    [Test]
    public void Import_NameWrittenWithACombiningAccent_IsTheSamePluginAsItsComposedForm()
    {
        const string Composed = "Pl\u00E1tano";
        const string Decomposed = "Pla\u0301tano";
        FixturePlugins.AddManifestPlugin(Scratch.Path, Composed);
        var config = HostConfiguration.Load(Scratch.Write("host.toml", $"search_paths = [\".\"]\nplugins = [\"{Decomposed}\"]\n"));
        using var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(config));

        var outcome = runtime.ImportAll().Single();

        Assert.That(config.Plugins.Single().Name, Is.EqualTo(Composed));
        Assert.That(outcome.Error, Is.Null);
        Assert.That(runtime.Import(Decomposed), Is.SameAs(outcome.Plugin));
        Assert.That(runtime.Import(Composed), Is.SameAs(outcome.Plugin));
    }

    [Test]
    public void Find_SameNameInTwoSearchPaths_UsesTheFirstAndReportsTheShadowedOne()
    {
        var first = Path.Combine(Scratch.Path, "first");
        var second = Path.Combine(Scratch.Path, "second");
        FixturePlugins.AddManifestPlugin(first, "Greeter", "version = \"1.0.0\"");
        FixturePlugins.AddManifestPlugin(second, "Greeter", "version = \"2.0.0\"");
        var sink = new CollectingSink();
        using var runtime = new TestRuntime().SearchPaths(first, second).Logger(sink.CreateLogger()).Build();

        var plugin = runtime.Import("Greeter");

        Assert.That(plugin.Version, Is.EqualTo("1.0.0"));
        Assert.That(plugin.Trace!.Shadowed.Select(s => s.Origin), Is.EqualTo(new[] { Path.Combine(second, "Greeter", "ManifestPlugin.dll") }));
        Assert.That(plugin.Trace.Probes.Select(p => p.Outcome).Last(), Does.StartWith("found"), "shadow probes are not the winner's");
        var warning = sink.Events.Single(e => e.MessageTemplate.Text.Contains("which shadows", StringComparison.Ordinal));
        Assert.That(warning.Properties["Shadowed"].ToString(), Does.Contain(Path.Combine(second, "Greeter")));
    }
}
