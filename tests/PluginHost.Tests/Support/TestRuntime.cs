using PluginHost.Configuration;
using PluginHost.Hooks;
using Serilog;

namespace PluginHost.Tests.Support;

/// <summary>
/// The one way tests build a <see cref="PluginRuntime"/> from options: <c>TestRuntime.Create(searchPath)</c>
/// for a runtime over search paths alone, <c>new TestRuntime().SearchPaths(p).Plugin("A").Logger(l).Build()</c>
/// for anything more. What a test does not set keeps the default of <see cref="PluginRuntimeOptions"/>,
/// except the mode: development, whatever the hot reload options say, since most tests reload or unload;
/// list setters add to what is already there.
/// </summary>
internal sealed class TestRuntime
{
    private PluginRuntimeOptions _options = new() { Mode = RuntimeMode.Development };

    /// <summary>A runtime whose directory finder searches <paramref name="searchPaths"/>, with every other option at its default.</summary>
    public static PluginRuntime Create(params string[] searchPaths) => new TestRuntime().SearchPaths(searchPaths).Build();

    public TestRuntime SearchPaths(params string[] paths) => With(_options with { SearchPaths = [.. _options.SearchPaths, .. paths] });

    /// <summary>Configured plugins by name, enabled and without settings.</summary>
    public TestRuntime Plugins(params string[] names) => With(_options with
    {
        Plugins = [.. _options.Plugins, .. names.Select(name => new PluginEntry { Name = name })],
    });

    /// <summary>A configured plugin with settings, written as key-value pairs: <c>Plugin("A", ("import", "B"))</c>.</summary>
    public TestRuntime Plugin(string name, params (string Key, string Value)[] settings) =>
        Plugin(new PluginEntry { Name = name, Settings = settings.ToDictionary(s => s.Key, s => s.Value) });

    public TestRuntime Plugin(PluginEntry entry) => With(_options with { Plugins = [.. _options.Plugins, entry] });

    /// <summary>A finder put around the directory finder when the runtime is created.</summary>
    public TestRuntime Finder(IPluginFinder finder, FinderPosition position = FinderPosition.Last) =>
        With(_options with { Finders = [.. _options.Finders, new FinderRegistration(finder, position)] });

    public TestRuntime CustomFinders(params FinderDescriptor[] finders) => With(_options with { CustomFinders = [.. _options.CustomFinders, .. finders] });

    public TestRuntime SharedAssemblies(params string[] names) => With(_options with { SharedAssemblies = [.. _options.SharedAssemblies, .. names] });

    public TestRuntime HotReload(HotReloadOptions hotReload) => With(_options with { HotReload = hotReload });

    public TestRuntime Mode(RuntimeMode? mode) => With(_options with { Mode = mode });

    public TestRuntime ImportParallelism(int parallelism) => With(_options with { ImportParallelism = parallelism });

    public TestRuntime Logger(ILogger logger) => With(_options with { Logger = logger });

    public TestRuntime TimeProvider(TimeProvider time) => With(_options with { TimeProvider = time });

    public PluginRuntime Build() => new(_options);

    private TestRuntime With(PluginRuntimeOptions options)
    {
        _options = options;
        return this;
    }
}
