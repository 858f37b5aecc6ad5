using PluginHost.Hooks;

namespace PluginHost.Tests.Support;

/// <summary>A real finder that has nothing and counts how often it is asked: proves what touches the finder chain.</summary>
internal sealed class CountingFinder : IPluginFinder
{
    private int _calls;

    public string Name => "counting";

    public int Calls => Volatile.Read(ref _calls);

    public PluginSpec? FindSpec(string name, PluginSearchContext context)
    {
        Interlocked.Increment(ref _calls);
        context.RecordProbe($"counting:{name}", "not here");
        return null;
    }
}
