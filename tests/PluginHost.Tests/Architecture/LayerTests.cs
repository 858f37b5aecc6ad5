using PluginHost.CSharp;
using PluginHost.NuGet;

namespace PluginHost.Tests.Architecture;

/// <summary>
/// The PluginHost assembly is layered one way: a type may use its own layer and the layers below,
/// never one above. The check reads the built IL, so a reference hidden in a method body counts. The
/// optional finder packages sit above the whole core and use its public API only; the core references
/// neither them nor what they bring (Roslyn, the NuGet client).
/// </summary>
[TestFixture]
public sealed class LayerTests
{
    /// <summary>The layers of PluginHost.dll by namespace, lowest first. A new namespace must be placed here.</summary>
    private static readonly string[] s_layers =
    [
        "PluginHost.Diagnostics",
        "PluginHost.Toml",
        "PluginHost.Configuration",
        "PluginHost.Hooks",
        "PluginHost.Loading",
        "PluginHost.Finding",
        "PluginHost.Trust",
        "PluginHost.Registration",
        "PluginHost.Results",
        "PluginHost.Runtime",
        "PluginHost.Reloading",
        "PluginHost",
    ];

    private static string AssemblyPath => typeof(PluginRuntime).Assembly.Location;

    [Test]
    public void PluginHostAssembly_EveryReference_PointsToItsOwnOrALowerLayer()
    {
        var violations = LayerAnalysis.Find(AssemblyPath, s_layers);

        Assert.That(violations, Is.Empty, () =>
            $"{violations.Count} layering violations in {Path.GetFileName(AssemblyPath)} (layers, lowest first: {string.Join(", ", s_layers)}):\n"
            + string.Join('\n', violations));
    }

    [Test]
    public void Find_LayersUpsideDown_ReportsTheFacadesReferencesAsUpward()
    {
        // Reversed, every real reference between two layers points up: the façade uses the layers
        // below it, so a check that lets this pass could never fail.
        var upsideDown = s_layers.Reverse().ToArray();

        var violations = LayerAnalysis.Find(AssemblyPath, upsideDown);

        Assert.That(violations.Where(v => v.From == "PluginHost.PluginRuntime").Select(v => v.Message), Has.Some.Match(
            @"^PluginHost\.PluginRuntime -> PluginHost\.\w+\.\w+ \(PluginHost may not depend on \w+, a higher layer\)$"));
    }

    [Test]
    public void Find_EmptyLayerList_ReportsEveryNamespaceAsUnlistedAndNoEdges()
    {
        var violations = LayerAnalysis.Find(AssemblyPath, []);

        Assert.That(violations, Has.Some.Matches<LayerViolation>(v =>
            v is { From: "PluginHost", To: null }
            && v.Message.StartsWith("namespace PluginHost is not in the layer list (", StringComparison.Ordinal)
            && v.Message.Contains("PluginRuntime", StringComparison.Ordinal)));
        Assert.That(violations, Has.None.Matches<LayerViolation>(v => v is { To: not null }));
    }

    [TestCase(typeof(CSharpFinderFactory))]
    [TestCase(typeof(NuGetFinderFactory))]
    public void FinderPackage_EveryUseOfTheCore_IsPublicApi(Type packaged)
    {
        var uses = CoreApiUse.NonPublic(packaged.Assembly.Location, "PluginHost");

        Assert.That(uses, Is.Empty, () => $"{packaged.Assembly.GetName().Name} uses what PluginHost does not make public:\n" + string.Join('\n', uses));
    }

    [Test]
    public void NonPublic_TestsThatUseTheCoresInternals_ReportsThem()
    {
        // This test assembly sees the core's internals: a check that finds nothing here could never fail.
        var uses = CoreApiUse.NonPublic(typeof(LayerTests).Assembly.Location, "PluginHost");

        Assert.That(uses, Has.Some.EndsWith("-> PluginHost.Finding.ConfiguredFinders"));
    }

    [Test]
    public void PluginHostAssembly_References_NeitherTheCompilerNorTheNuGetClientNorTheirPackages()
    {
        using var module = Mono.Cecil.ModuleDefinition.ReadModule(AssemblyPath);

        var references = module.AssemblyReferences.Select(r => r.Name).ToList();

        Assert.That(references, Has.None.StartsWith("Microsoft.CodeAnalysis").And.None.StartsWith("NuGet.").And.None.StartsWith("PluginHost.CSharp").And.None.StartsWith("PluginHost.NuGet"));
        Assert.That(references, Does.Contain("PluginHost.Abstractions"));
    }
}
