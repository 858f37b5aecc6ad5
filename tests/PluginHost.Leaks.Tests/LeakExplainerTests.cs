using System.Diagnostics;
using System.Runtime.CompilerServices;
using PluginHost.Leaks.Tests.Support;
using PluginHost.Results;

namespace PluginHost.Leaks.Tests;

/// <summary>
/// Real leaks, explained: every leaking plugin is loaded into one runtime, unloaded, and explained from
/// ONE snapshot of this process (a snapshot takes seconds), then each test reads its own explanation.
/// </summary>
[NonParallelizable]
public sealed class LeakExplainerTests
{
    // The host's own leak: a raw plugin object kept past the plugin's unload.
    private static object? s_keptByHost;

    private static readonly Dictionary<string, string> s_leaks = new(StringComparer.Ordinal)
    {
        ["LeakProcessExit"] = "process-exit",
        ["LeakTimer"] = "timer",
        ["LeakThread"] = "thread",
        ["LeakAppContext"] = "app-context",
        ["LeakTypeDescriptor"] = "type-descriptor",
        ["LeakSharedCache"] = "shared-cache",
        ["LeakJson"] = "json",
        ["LeakRawInstance"] = "none",
    };

    private LeakingPlugins _plugins = null!;
    private IReadOnlyDictionary<string, UnloadResult> _unloaded = null!;
    private Dictionary<string, LeakExplanation> _explained = null!;

    public static IEnumerable<TestCaseData> Leaks()
    {
        yield return new TestCaseData("LeakProcessExit", LeakRootKind.StaticField, "static event AppDomain.CurrentDomain.ProcessExit", RootOwner.Framework, "LeakZoo.ProcessExitLeak")
            .SetName("A ProcessExit handler is held by the event AppDomain.CurrentDomain.ProcessExit");
        yield return new TestCaseData("LeakTimer", LeakRootKind.StaticField, "System.Threading.TimerQueue", RootOwner.Framework, "LeakZoo.TimerLeak")
            .SetName("A timer is held by the framework's timer queue");
        yield return new TestCaseData("LeakThread", LeakRootKind.ThreadStack, "LeakZoo.ThreadLeak.Run", RootOwner.Plugin, "LeakZoo.ThreadLeak")
            .SetName("A thread is held by its own stack, running the plugin's code");
        yield return new TestCaseData("LeakAppContext", LeakRootKind.StaticField, "static field System.AppContext.s_dataStore", RootOwner.Framework, "LeakZoo.AppContextState")
            .SetName("AppContext.SetData of a plugin object is held by AppContext.s_dataStore");
        yield return new TestCaseData("LeakTypeDescriptor", LeakRootKind.StaticField, "System.ComponentModel.TypeDescriptor", RootOwner.Framework, "LeakZoo.ZooComponent")
            .SetName("A TypeDescriptor provider is held by TypeDescriptor's static tables");
        yield return new TestCaseData("LeakSharedCache", LeakRootKind.StaticField, "static field LeakShared.SharedCache.s_items", RootOwner.ThirdParty, "LeakZoo.CachedItem")
            .SetName("A shared library's static cache is owned by a third party");
        yield return new TestCaseData("LeakJson", LeakRootKind.StaticField, "System.Text.Json", RootOwner.Framework, "LeakZoo.JsonPayload")
            .SetName("System.Text.Json's default options cache the plugin's type");
        yield return new TestCaseData("LeakRawInstance", LeakRootKind.StaticField, "static field PluginHost.Leaks.Tests.LeakExplainerTests.s_keptByHost", RootOwner.Host, "LeakZoo.ZooPlugin")
            .SetName("A raw plugin instance kept by the host is owned by the host");
    }

    [OneTimeSetUp]
    public async Task LoadUnloadAndExplainAll()
    {
        _plugins = LeakingPlugins.Import(s_leaks);
        KeepInstance(_plugins.Runtime, "LeakRawInstance");
        _unloaded = await _plugins.UnloadAllAsync();
        var leaks = _unloaded.Values.Where(u => !u.Collected).ToList();
        var started = Stopwatch.GetTimestamp();
        var explanations = await LeakExplainer.ExplainAllAsync(leaks);
        var (_, snapshotTime, bytes) = LeakExplainer.LastRun;
        await TestContext.Progress.WriteLineAsync(
            $"Explained {leaks.Count} leaks in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s (snapshot {snapshotTime.TotalSeconds:F1} s, {bytes / 1024.0 / 1024.0:F0} MB)");
        _explained = explanations.ToDictionary(e => e.Plugin, StringComparer.Ordinal);
        foreach (var explanation in explanations)
        {
            await TestContext.Progress.WriteLineAsync(explanation.ToString());
        }
    }

    [OneTimeTearDown]
    public async Task DisposeRuntime()
    {
        s_keptByHost = null;
        await _plugins.DisposeAsync();
    }

    [TestCaseSource(nameof(Leaks))]
    public void Explanation_names_the_root_and_the_plugin_type_at_the_end(string plugin, LeakRootKind kind, string root, RootOwner owner, string pluginType)
    {
        Assert.That(_unloaded[plugin].Collected, Is.False, $"{plugin} was expected to leak");
        var explanation = _explained[plugin];
        Assert.That(explanation.StillAlive, Is.True);
        var path = explanation.Paths.FirstOrDefault(p => p.Root.Kind == kind && p.Root.Description.Contains(root, StringComparison.Ordinal));
        Assert.That(path, Is.Not.Null, explanation.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(path!.Root.Owner, Is.EqualTo(owner), explanation.ToString());
            Assert.That(path.PluginObject, Does.Contain(pluginType), explanation.ToString());
            Assert.That(path.Fix, Is.Not.Null, explanation.ToString());
        });
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void KeepInstance(PluginRuntime runtime, string name) => s_keptByHost = runtime.Import(name).Instance;
}
