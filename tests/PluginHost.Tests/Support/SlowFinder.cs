using PluginHost.Hooks;

namespace PluginHost.Tests.Support;

/// <summary>A finder that has nothing and takes its time: holds an import's name lock long enough for another thread to take its own.</summary>
internal sealed class SlowFinder(TimeSpan delay) : IPluginFinder
{
    public string Name => "slow";

    public PluginSpec? FindSpec(string name, PluginSearchContext context)
    {
        Thread.Sleep(delay);
        context.RecordProbe($"slow:{name}", "not here");
        return null;
    }
}
