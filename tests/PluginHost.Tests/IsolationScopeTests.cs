using PluginHost.Tests.Support;

namespace PluginHost.Tests;

[TestFixture]
public sealed class IsolationScopeTests : ScratchFixture
{
    [Test]
    public void BeginIsolationScope_TwoImportsInside_LeavesTheCacheAsItWas()
    {
        var sink = new CollectingSink();
        using var runtime = new TestRuntime().SearchPaths(FixturePlugins.Root).Plugins(FixturePlugins.Counting).Logger(sink.CreateLogger()).Build();
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
