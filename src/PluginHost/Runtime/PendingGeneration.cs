using PluginHost.Registration;
using PluginHost.Results;

namespace PluginHost.Runtime;

/// <summary>
/// A new generation loaded and created but not committed: what it registers is staged in its
/// registrar and what it imports is staged in its context, so nothing outside sees it until the commit.
/// </summary>
internal sealed record PendingGeneration(LoadedPlugin Plugin, PluginRegistrar Registrar, PluginContext Context, TimeSpan LoadContext, TimeSpan LoadAssembly)
{
    /// <summary>Throws away what was staged, stops the generation if it started, and unloads it; nothing of it was ever visible.</summary>
    public void Discard(LifecycleCalls lifecycle)
    {
        Registrar.Discard();
        Context.Seal();
        if (lifecycle.Stop(Plugin))
        {
            lifecycle.Release(Plugin, PluginState.Failed);
        }
    }
}
