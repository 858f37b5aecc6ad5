using PluginHost.Diagnostics;
using PluginHost.Results;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Runtime;

/// <summary>The import transaction on one thread: a manifest's requirements import first, their failures and cycles are reported, Register may import back.</summary>
[TestFixture]
public sealed class ImportTransactionTests : ScratchFixture
{
    [Test]
    public void ImportAll_RequirementListedAfter_LoadsTheRequirementFirst()
    {
        using var runtime = new TestRuntime().SearchPaths(FixturePlugins.Root).Plugins(FixturePlugins.Requiring, FixturePlugins.Manifest).Build();

        var outcomes = runtime.ImportAll();

        Assert.That(outcomes.Select(o => o.Status), Is.All.EqualTo(ImportStatus.Loaded));
        var manifest = runtime.Loaded.Single(p => p.Name == FixturePlugins.Manifest);
        var requiring = runtime.Loaded.Single(p => p.Name == FixturePlugins.Requiring);
        Assert.That(manifest.LoadOrder, Is.LessThan(requiring.LoadOrder), "the requirement loaded before what requires it");
        Assert.That(runtime.Registry.Invoke("requiring.hello", "Ada"), Is.EqualTo("requiring sees: ManifestPlugin greets Ada"));
        Assert.That(runtime.PlanImports().Order, Is.EqualTo(new[] { FixturePlugins.Manifest, FixturePlugins.Requiring }));
    }

    [Test]
    public void Import_RequirementMissing_FailsNamingBothAndTheRestLoad()
    {
        FixturePlugins.AddManifestPlugin(Scratch.Path, "App", "version = \"3.1.0\"\nrequires = [\"Greeter >= 1.2, < 2\"]");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "Other");
        using var runtime = new TestRuntime().SearchPaths(Scratch.Path).Plugins("App", "Other").Build();

        var outcomes = runtime.ImportAll();

        var error = (PluginImportException)outcomes[0].Error!;
        Assert.That(error.Failure, Is.EqualTo(ImportFailure.RequirementNotFound));
        Assert.That(error.Message, Does.StartWith(
            "The plugin 'App' 3.1.0 requires 'Greeter >= 1.2, < 2', but no plugin named 'Greeter' was found, so 'App' was not loaded. "
            + "Install 'Greeter' into the search path, or remove it from 'requires' in the manifest of 'App'."));
        Assert.That(error.Message, Does.Contain("No plugin named 'Greeter' was found."), "the look-up's own report follows");
        Assert.That(outcomes[1].Status, Is.EqualTo(ImportStatus.Loaded));
        Assert.That(runtime.TryGetLoaded("App", out _), Is.False);
    }

    [Test]
    public void Import_RequirementVersionMismatch_FailsNamingBothVersionsAndWhatRequiresItFailsToo()
    {
        FixturePlugins.AddManifestPlugin(Scratch.Path, "Greeter", "version = \"1.0.5\"");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "App", "version = \"3.1.0\"\nrequires = [\"Greeter >= 1.2, < 2\"]");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "Shell", "requires = [\"App\"]");
        using var runtime = new TestRuntime().SearchPaths(Scratch.Path).Plugins("Shell", "Greeter").Build();

        var outcomes = runtime.ImportAll();

        var error = (PluginImportException)outcomes[0].Error!;
        Assert.That(error.Failure, Is.EqualTo(ImportFailure.RequirementFailed));
        Assert.That(error.Message, Does.StartWith("The plugin 'Shell' requires 'App', which failed to import, so 'Shell' was not loaded either. Fix 'App' first: "));
        var cause = (PluginImportException)error.InnerException!;
        Assert.That(cause.Failure, Is.EqualTo(ImportFailure.RequirementVersionMismatch));
        Assert.That(cause.Message, Is.EqualTo(
            $"The plugin 'App' 3.1.0 requires 'Greeter >= 1.2, < 2', but 'Greeter' is version 1.0.5 (at '{Path.Combine(Scratch.Path, "Greeter", "ManifestPlugin.dll")}'), so 'App' was not loaded. "
            + "Install a version of 'Greeter' that satisfies '>= 1.2, < 2', or change the constraint in the manifest of 'App'."));
        Assert.That(outcomes[1].Status, Is.EqualTo(ImportStatus.Loaded), "the requirement itself is fine");
    }

    [Test]
    public void Import_Diamond_LoadsTheSharedRequirementOnceBeforeEverything()
    {
        FixturePlugins.AddManifestPlugin(Scratch.Path, "A", "requires = [\"B\", \"C\"]");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "B", "requires = [\"D >= 1\"]");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "C", "requires = [\"D\"]");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "D", "version = \"1.0.0\"");
        using var runtime = new TestRuntime().SearchPaths(Scratch.Path).Plugins("A").Build();

        runtime.Import("A");

        var order = runtime.Loaded.OrderBy(p => p.LoadOrder).Select(p => p.Name);
        Assert.That(order, Is.EqualTo(new[] { "D", "B", "C", "A" }));
        Assert.That(runtime.Loaded.Single(p => p.Name == "D").Generation, Is.EqualTo(1));
        Assert.That(runtime.PlanImports().Order, Is.EqualTo(new[] { "D", "B", "C", "A" }));
    }

    [Test]
    public void Import_RequiresCycle_ReportsTheWholeChainBeforeLoadingAny()
    {
        FixturePlugins.AddManifestPlugin(Scratch.Path, "A", "requires = [\"B\"]");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "B", "requires = [\"C\"]");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "C", "requires = [\"A\"]");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "Fine");
        using var runtime = new TestRuntime().SearchPaths(Scratch.Path).Plugins("A", "Fine").Build();

        var outcomes = runtime.ImportAll();

        var error = (PluginImportException)outcomes[0].Error!;
        Assert.That(error.Failure, Is.EqualTo(ImportFailure.Cycle));
        Assert.That(error.Chain, Is.EqualTo(new[] { "A", "B", "C", "A" }));
        Assert.That(error.Message, Is.EqualTo(
            "The plugins require each other in a cycle: A -> B -> C -> A. None of them was loaded. Remove one of these 'requires' entries, or move the shared part into a plugin they all require."));
        Assert.That(runtime.Loaded.Select(p => p.Name), Is.EqualTo(new[] { "Fine" }));
        Assert.That(runtime.PlanImports().Cycles, Is.EqualTo(new[] { new[] { "A", "B", "C", "A" } }));
    }

    [Test]
    public void Import_RegisterImportsBackOnOneThread_GetsThePartialPluginAndWarnsWithTheChain()
    {
        FixturePlugins.AddManifestPlugin(Scratch.Path, "A");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "B");
        var sink = new CollectingSink();
        using var runtime = new TestRuntime()
            .SearchPaths(Scratch.Path)
            .Plugin("A", ("import", "B"))
            .Plugin("B", ("import", "A"))
            .Logger(sink.CreateLogger())
            .Build();

        runtime.Import("A");

        Assert.That(runtime.Loaded.Select(p => p.State), Is.All.EqualTo(PluginState.Ready));
        var warning = sink.Events.Single(e => e.MessageTemplate.Text.StartsWith("Import cycle through Register", StringComparison.Ordinal));
        Assert.That(warning.Properties["Chain"].ToString(), Is.EqualTo("\"A -> B -> A\""));
    }
}
