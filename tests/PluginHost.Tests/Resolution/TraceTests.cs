using PluginHost.Configuration;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Resolution;

[TestFixture]
public sealed class TraceTests : ScratchFixture
{
    [Test]
    public void Find_SameNameInTwoSearchPaths_UsesTheFirstAndReportsTheShadowedOne()
    {
        var first = Path.Combine(Scratch.Path, "first");
        var second = Path.Combine(Scratch.Path, "second");
        FixturePlugins.AddManifestPlugin(first, "Greeter", "version = \"1.0.0\"");
        FixturePlugins.AddManifestPlugin(second, "Greeter", "version = \"2.0.0\"");
        var sink = new CollectingSink();
        using var runtime = new PluginRuntime(new PluginRuntimeOptions { SearchPaths = [first, second], Logger = sink.CreateLogger() });

        var plugin = runtime.Import("Greeter");

        Assert.That(plugin.Version, Is.EqualTo("1.0.0"));
        Assert.That(plugin.Trace!.Shadowed.Select(s => s.Origin), Is.EqualTo(new[] { Path.Combine(second, "Greeter", "ManifestPlugin.dll") }));
        Assert.That(plugin.Trace.Probes.Select(p => p.Outcome).Last(), Does.StartWith("found"), "shadow probes are not the winner's");
        var warning = sink.Events.Single(e => e.MessageTemplate.Text.Contains("which shadows", StringComparison.Ordinal));
        Assert.That(warning.Properties["Shadowed"].ToString(), Does.Contain(Path.Combine(second, "Greeter")));
    }

    [Test]
    public void Import_Trace_ListsFindersProbesWinnerAndEveryPhase()
    {
        using var runtime = new PluginRuntime(new PluginRuntimeOptions { SearchPaths = [Scratch.Path, FixturePlugins.Root] });

        var plugin = runtime.Import(FixturePlugins.Requiring);

        var trace = plugin.Trace!;
        Assert.That(trace.Finders, Is.EqualTo(new[] { "directory" }));
        Assert.That(trace.Probes.Select(p => p.Outcome), Is.EqualTo(new[] { "no such file", "no such file", "found" }));
        Assert.That(trace.Spec!.Origin, Is.EqualTo(plugin.Origin));
        Assert.That(trace.Phases.Requirements, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(trace.Phases.LoadContext, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(trace.Phases.LoadAssembly, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(trace.Phases.Register, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(trace.Phases.Total, Is.EqualTo(trace.Phases.Self + trace.Phases.Requirements));
        Assert.That(runtime.Loaded.Single(p => p.Name == FixturePlugins.Manifest).Trace, Is.Not.Null, "the requirement has its own trace");
    }

    [Test]
    public void BeginIsolationScope_TwoImportsInside_LeavesTheCacheAsItWas()
    {
        var sink = new CollectingSink();
        using var runtime = new PluginRuntime(new PluginRuntimeOptions
        {
            SearchPaths = [FixturePlugins.Root],
            Plugins = [new PluginEntry { Name = FixturePlugins.Counting }],
            Logger = sink.CreateLogger(),
        });
        var before = runtime.Import(FixturePlugins.Counting);

        var scope = runtime.BeginIsolationScope();
        using (scope)
        {
            ImportInside(runtime);
        }

        Assert.That(runtime.Loaded.Select(p => p.Name), Is.EqualTo(new[] { FixturePlugins.Counting }));
        Assert.That(runtime.TryGetLoaded(FixturePlugins.Counting, out var after) && ReferenceEquals(after, before), Is.True);
        Assert.That(scope.Unloaded.Select(u => u.Name), Is.EqualTo(new[] { FixturePlugins.Requiring, FixturePlugins.Manifest }), "newest first");
        Assert.That(scope.Unloaded.Select(u => u.Collected), Is.All.True);
        Assert.That(runtime.Registry.Commands.Select(c => c.Plugin), Is.All.EqualTo(FixturePlugins.Counting));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ImportInside(PluginRuntime runtime)
    {
        runtime.Import(FixturePlugins.Requiring);
        Assert.That(runtime.Loaded, Has.Count.EqualTo(3));
    }
}
