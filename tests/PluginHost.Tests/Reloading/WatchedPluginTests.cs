using Microsoft.Extensions.Time.Testing;
using PluginHost.Configuration;
using PluginHost.Results;
using PluginHost.Tests.Support;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace PluginHost.Tests.Reloading;

/// <summary>
/// When the watcher reloads: as soon as a build is complete, never on a half-written one, and after the
/// quiet period for what it cannot judge. The builds are the real fixture plugin's, written the way a
/// build writes them; time is a fake clock and every wait is for an event, never a sleep.
/// </summary>
[TestFixture]
public sealed class WatchedPluginTests : ScratchFixture
{
    private const string Command = "versioned.version";

    /// <summary>The order <c>dotnet build</c> writes a plugin's output in: JSON files first, the entry assembly and its PDB last.</summary>
    private static readonly string[] s_buildOrder = ["Versioned.deps.json", "Versioned.runtimeconfig.json", "Versioned.dll", "Versioned.pdb"];

    private WatcherLog _log = null!;
    private FakeTimeProvider _clock = null!;
    private string _searchPath = null!;

    [SetUp]
    public void CreateSearchPath()
    {
        _clock = new FakeTimeProvider();
        _log = new WatcherLog();
        _searchPath = Directory.CreateDirectory(Path.Combine(Scratch.Path, "plugins")).FullName;
        VersionedBuilds.Deploy(VersionedBuilds.V1, _searchPath);
    }

    [Test]
    public async Task StartWatching_BuildsWrittenInChunksWithPausesWhilePolling_LoadsEachCompleteBuildOnceAndNothingPartial()
    {
        // Polls every 250 ms; changes that do not look complete wait for a quiet second.
        var options = new HotReloadOptions { UsePolling = true, Debounce = TimeSpan.FromSeconds(1) };
        await using var runtime = Runtime(options);
        using var events = new ReloadEvents(runtime);
        runtime.Import(VersionedBuilds.Name);
        var watching = runtime.StartWatching();
        var random = new Random(13);

        for (var build = 0; build < 12; build++)
        {
            // Pauses of up to 600 ms: often a whole poll sees nothing new while the build is half-written,
            // and the quiet period never runs out.
            WriteInChunks(Build(build), random, () => _clock.Advance(TimeSpan.FromMilliseconds(10 * random.Next(0, 61))));

            DriveUntil(() => Generation(runtime) == build + 2);
            DriveUntil(() => events.Count > 0);
            ExpectReloadOf(events.Next(VersionedBuilds.Name), build, runtime);
        }

        await _clock.DriveUntilDone(watching.DisposeAsync().AsTask());
        Assert.That(events.Count, Is.Zero, "one reload per build");
        Assert.That(_log.QuietPeriodReloads, Is.Zero, "no reload waited for the quiet period");
    }

    [Test]
    public async Task StartWatching_BuildsWrittenInChunksSeenByFileEvents_LoadsEachCompleteBuildOnceWithoutWaitingForQuiet()
    {
        await using var runtime = Runtime(new HotReloadOptions());
        using var events = new ReloadEvents(runtime);
        runtime.Import(VersionedBuilds.Name);
        var watching = runtime.StartWatching();
        var random = new Random(17);

        for (var build = 0; build < 8; build++)
        {
            // Between chunks the watcher sees a change; the clock stands still, so a reload can only come
            // from a build it found complete, never from the quiet period.
            var seen = _log.Changes;
            WriteInChunks(Build(build), random, () =>
            {
                WaitUntil(() => _log.Changes > seen);
                seen = _log.Changes;
            });

            WaitUntil(() => Generation(runtime) == build + 2);
            DriveUntil(() => events.Count > 0);
            ExpectReloadOf(events.Next(VersionedBuilds.Name), build, runtime);
        }

        await _clock.DriveUntilDone(watching.DisposeAsync().AsTask());
        Assert.That(events.Count, Is.Zero, "one reload per build");
        Assert.That(_log.QuietPeriodReloads, Is.Zero, "no reload waited for the quiet period");
    }

    [Test]
    public async Task StartWatching_AssemblyReplacedBesideThePreviousBuildsPdb_ReloadsOnlyAfterTheQuietPeriod()
    {
        var options = new HotReloadOptions();
        await using var runtime = Runtime(options);
        using var events = new ReloadEvents(runtime);
        runtime.Import(VersionedBuilds.Name);
        var watching = runtime.StartWatching();

        VersionedBuilds.DeployByRename(VersionedBuilds.V2, _searchPath);
        WaitUntil(() => _log.Waits.Any(reason => reason == "Versioned.pdb beside Versioned.dll is still the previous build's"));
        Assert.That(Generation(runtime), Is.EqualTo(1), "nothing reloads before the quiet period");

        _clock.Advance(options.Debounce);
        WaitUntil(() => Generation(runtime) == 2);
        await _clock.DriveUntilDone(watching.DisposeAsync().AsTask());

        Assert.That(events.Next(VersionedBuilds.Name).Succeeded, Is.True);
        Assert.That(runtime.Registry.Invoke(Command, ""), Is.EqualTo("v2"));
        Assert.That(_log.QuietPeriodReloads, Is.EqualTo(1));
    }

    [Test]
    public async Task StartWatching_WriterStillHoldsTheLastFileOfACompleteBuild_ReloadsAsSoonAsItLetsGo()
    {
        await using var runtime = Runtime(new HotReloadOptions());
        using var events = new ReloadEvents(runtime);
        runtime.Import(VersionedBuilds.Name);
        var watching = runtime.StartWatching();

        File.Copy(Path.Combine(FixturePlugins.Root, VersionedBuilds.V2, "Versioned.dll"), VersionedBuilds.DllIn(_searchPath), overwrite: true);
        var pdb = new FileStream(Path.Combine(VersionedBuilds.FolderIn(_searchPath), "Versioned.pdb"), FileMode.Create, FileAccess.Write, FileShare.None);
        try
        {
            pdb.Write(File.ReadAllBytes(Path.Combine(FixturePlugins.Root, VersionedBuilds.V2, "Versioned.pdb")));
            pdb.Flush();
            WaitUntil(() => _log.Waits.Any(reason => reason == "Versioned.pdb: a writer still has it open"));
            Assert.That(Generation(runtime), Is.EqualTo(1), "nothing reloads while a writer holds a file");
        }
        finally
        {
            await pdb.DisposeAsync();
        }

        // Closing raises no event: the watcher looks again shortly, well inside the quiet period.
        _clock.Advance(TimeSpan.FromMilliseconds(2));
        WaitUntil(() => Generation(runtime) == 2);
        await _clock.DriveUntilDone(watching.DisposeAsync().AsTask());

        Assert.That(events.Next(VersionedBuilds.Name).Trigger, Is.EqualTo("Versioned.dll changed"));
        Assert.That(_log.QuietPeriodReloads, Is.Zero);
    }

    private static string Build(int index) => index % 2 == 0 ? VersionedBuilds.V2 : VersionedBuilds.V1;

    private static int? Generation(PluginRuntime runtime) => runtime.Registry.FindCommand(Command)?.Generation;

    private static void ExpectReloadOf(ReloadResult result, int build, PluginRuntime runtime)
    {
        Assert.That(result.Succeeded, Is.True, $"build {build}: {result.Error?.Message}");
        Assert.That(result.NewGeneration, Is.EqualTo(build + 2));
        Assert.That(result.Trigger, Is.EqualTo("Versioned.dll changed"), "reloaded because the build was complete");
        Assert.That(runtime.Registry.Invoke(Command, ""), Is.EqualTo(Build(build) == VersionedBuilds.V2 ? "v2" : "v1"));
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the condition never came true");
            Thread.Yield();
        }
    }

    /// <summary>
    /// Writes one build over the plugin folder as a build does, each file in place (truncated, then
    /// rewritten in chunks of 1 to 1,500 bytes, open to readers), calling <paramref name="afterChunk"/>
    /// after each chunk.
    /// </summary>
    private void WriteInChunks(string build, Random random, Action afterChunk)
    {
        foreach (var name in s_buildOrder)
        {
            var bytes = File.ReadAllBytes(Path.Combine(FixturePlugins.Root, build, name));
            using var file = new FileStream(Path.Combine(VersionedBuilds.FolderIn(_searchPath), name), FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
            for (var written = 0; written < bytes.Length;)
            {
                var chunk = Math.Min(bytes.Length - written, random.Next(1, 1501));
                file.Write(bytes, written, chunk);
                file.Flush();
                written += chunk;
                afterChunk();
            }
        }
    }

    /// <summary>Advances the fake clock 10 ms at a time until <paramref name="condition"/> holds.</summary>
    private void DriveUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the condition never came true");
            _clock.Advance(TimeSpan.FromMilliseconds(10));
            Thread.Yield();
        }
    }

    private PluginRuntime Runtime(HotReloadOptions options) =>
        new TestRuntime().SearchPaths(_searchPath).HotReload(options).TimeProvider(_clock)
            .Logger(new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(_log).CreateLogger()).Build();

    /// <summary>Counts what the watcher says as it decides: changes seen, why it waits, reloads the quiet period started.</summary>
    private sealed class WatcherLog : ILogEventSink
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _waits = new();
        private int _changes;
        private int _quietPeriodReloads;

        public int Changes => Volatile.Read(ref _changes);

        public int QuietPeriodReloads => Volatile.Read(ref _quietPeriodReloads);

        public IEnumerable<string> Waits => _waits;

        public void Emit(LogEvent logEvent)
        {
            var template = logEvent.MessageTemplate.Text;
            if (template.StartsWith("{Path} of {Plugin} changed", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _changes);
            }
            else if (template.Contains("have been quiet for", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _quietPeriodReloads);
            }
            else if (template.StartsWith("{Plugin} waits", StringComparison.Ordinal) && logEvent.Properties["Reason"] is ScalarValue { Value: string reason })
            {
                _waits.Enqueue(reason);
            }
        }
    }
}
