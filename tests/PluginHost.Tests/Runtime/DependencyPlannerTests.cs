using PluginHost.Configuration;
using PluginHost.Hooks;
using PluginHost.Loading;
using PluginHost.Results;
using PluginHost.Runtime;

namespace PluginHost.Tests.Runtime;

/// <summary>
/// The import plan worked out from manifests alone: real specs and requirements, found by a dictionary
/// instead of the finder chain, and nothing loaded.
/// </summary>
[TestFixture]
public sealed class DependencyPlannerTests
{
    [Test]
    public void Plan_RequirementChain_PlansDependenciesFirst()
    {
        var find = Finder(new() { ["App"] = ["Lib >= 1.2, < 2"], ["Lib"] = ["Core"], ["Core"] = [] });

        var plan = DependencyPlanner.Plan(["App"], find);

        Assert.That(plan.Order, Is.EqualTo(new[] { "Core", "Lib", "App" }));
        Assert.That(plan.Cycles, Is.Empty);
    }

    [Test]
    public void Plan_NoRequirements_KeepsTheConfigurationOrder()
    {
        var find = Finder(new() { ["Zeta"] = [], ["Alpha"] = [], ["Mid"] = [] });

        var plan = DependencyPlanner.Plan(["Zeta", "Alpha", "Mid"], find);

        Assert.That(plan.Order, Is.EqualTo(new[] { "Zeta", "Alpha", "Mid" }));
    }

    [Test]
    public void Plan_RequirementsAmongRoots_MoveOnlyWhatMustComeFirst()
    {
        var find = Finder(new() { ["Web"] = ["Db"], ["Log"] = [], ["Db"] = [], ["Cli"] = [] });

        var plan = DependencyPlanner.Plan(["Web", "Log", "Db", "Cli"], find);

        Assert.That(plan.Order, Is.EqualTo(new[] { "Db", "Web", "Log", "Cli" }));
    }

    [Test]
    public void Plan_Diamond_PlansEachNameOnce()
    {
        var find = Finder(new() { ["App"] = ["Left", "Right"], ["Left"] = ["Base"], ["Right"] = ["Base"], ["Base"] = [] });

        var plan = DependencyPlanner.Plan(["App", "Base"], find);

        Assert.That(plan.Order, Is.EqualTo(new[] { "Base", "Left", "Right", "App" }));
        Assert.That(plan.Cycles, Is.Empty);
    }

    [Test]
    public void Plan_RequirementOutsideTheRoots_IsPlannedWithWhatItRequires()
    {
        var find = Finder(new() { ["App"] = ["Helper >= 1.2, < 2"], ["Helper"] = ["Util"], ["Util"] = [] });

        var plan = DependencyPlanner.Plan(["App"], find);

        Assert.That(plan.Order, Is.EqualTo(new[] { "Util", "Helper", "App" }));
        Assert.That(plan.Requires["App"].Select(r => r.ToString()), Is.EqualTo(new[] { "Helper >= 1.2, < 2" }), "requirements as written");
        Assert.That(plan.Requires["Helper"].Select(r => r.Name), Is.EqualTo(new[] { "Util" }));
    }

    [Test]
    public void Plan_TwoCycle_ReportsTheWholeChainOnce()
    {
        var find = Finder(new() { ["A"] = ["B"], ["B"] = ["A"] });

        var plan = DependencyPlanner.Plan(["A", "B"], find);

        Assert.That(plan.Cycles, Is.EqualTo(new[] { new[] { "A", "B", "A" } }));
        Assert.That(plan.Order, Is.EquivalentTo(new[] { "A", "B" }), "each name planned once");
    }

    [Test]
    public void Plan_ThreeCycle_ReportsTheWholeChainOnce()
    {
        var find = Finder(new() { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"] });

        var plan = DependencyPlanner.Plan(["A"], find);

        Assert.That(plan.Cycles, Is.EqualTo(new[] { new[] { "A", "B", "C", "A" } }));
        Assert.That(plan.Order, Is.EquivalentTo(new[] { "A", "B", "C" }), "each name planned once");
    }

    [Test]
    public void Plan_CycleBelowARoot_ReportsOnlyTheNamesInTheCycle()
    {
        var find = Finder(new() { ["App"] = ["A"], ["A"] = ["B"], ["B"] = ["A"] });

        var plan = DependencyPlanner.Plan(["App"], find);

        Assert.That(plan.Cycles, Is.EqualTo(new[] { new[] { "A", "B", "A" } }));
    }

    [Test]
    public void Plan_SelfRequirement_ReportsTheOneNameCycle()
    {
        var find = Finder(new() { ["Narcissus"] = ["Narcissus"] });

        var plan = DependencyPlanner.Plan(["Narcissus"], find);

        Assert.That(plan.Cycles, Is.EqualTo(new[] { new[] { "Narcissus", "Narcissus" } }));
        Assert.That(plan.Order, Is.EqualTo(new[] { "Narcissus" }));
    }

    [TestCaseSource(nameof(NothingKnown))]
    public void Plan_RequirementWithNothingKnownAboutIt_IsPlannedWithNoRequirements(Func<string, FindResult?> findMissing)
    {
        var find = Finder(new() { ["App"] = ["Missing"] });

        var plan = DependencyPlanner.Plan(["App"], name => name == "Missing" ? findMissing(name) : find(name));

        Assert.That(plan.Order, Is.EqualTo(new[] { "Missing", "App" }));
        Assert.That(plan.Requires["Missing"], Is.Empty);
        Assert.That(plan.Cycles, Is.Empty);
    }

    [Test]
    public void Plan_NamesReachedManyWays_AsksTheFinderOncePerName()
    {
        var calls = new Dictionary<string, int>(StringComparer.Ordinal);
        var find = Finder(new()
        {
            ["App"] = ["Left", "Right"],
            ["Left"] = ["Base"],
            ["Right"] = ["Base", "Left"],
            ["Base"] = ["App"],
            ["Tool"] = ["App", "Base"],
        });

        DependencyPlanner.Plan(["App", "Base", "App", "Tool", "Missing", "Missing"], name =>
        {
            calls[name] = calls.GetValueOrDefault(name) + 1;
            return find(name);
        });

        Assert.That(calls.Keys, Is.EquivalentTo(new[] { "App", "Left", "Right", "Base", "Tool", "Missing" }));
        Assert.That(calls.Values, Is.All.EqualTo(1));
    }

    private static IEnumerable<TestCaseData> NothingKnown()
    {
        yield return new TestCaseData((Func<string, FindResult?>)(_ => null)).SetArgDisplayNames("no result");
        yield return new TestCaseData((Func<string, FindResult?>)(name => new FindResult(name, null, ["directory"], [])))
            .SetArgDisplayNames("not found");
        yield return new TestCaseData((Func<string, FindResult?>)(name => new FindResult(name, Spec(name), ["directory"], [])))
            .SetArgDisplayNames("no manifest");
    }

    /// <summary>A finder over name → requirements (as a manifest writes them); names not listed are not found.</summary>
    private static Func<string, FindResult?> Finder(Dictionary<string, string[]> manifests) =>
        name => manifests.TryGetValue(name, out var requires)
            ? new FindResult(name, Spec(name) with
            {
                Manifest = new PluginManifest
                {
                    File = $"/plugins/{name}/plugin.toml",
                    Name = name,
                    Requires = [.. requires.Select(PluginRequirement.Parse)],
                },
            }, ["directory"], [])
            : null;

    /// <summary>A spec of a plugin file that is never loaded.</summary>
    private static PluginSpec Spec(string name) => new(name, $"/plugins/{name}/{name}.dll", PluginLoaders.AssemblyFile);
}
