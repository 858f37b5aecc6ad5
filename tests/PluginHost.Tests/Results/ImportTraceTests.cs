using PluginHost.Tests.Support;

namespace PluginHost.Tests.Results;

[TestFixture]
public sealed class ImportTraceTests : ScratchFixture
{
    [Test]
    public void Import_Trace_ListsFindersProbesWinnerAndEveryPhase()
    {
        using var runtime = TestRuntime.Create(Scratch.Path, FixturePlugins.Root);

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
}
