using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace PluginHost.Tests.Support;

/// <summary>Proves collection the way dotnet/runtime's unloadability tests do: a weak reference and a bounded GC loop.</summary>
internal static class Unloading
{
    /// <summary>A weak reference to the plugin's load context, taken in a frame of its own so no local keeps it alive.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static WeakReference ContextOf(PluginRuntime runtime, string name)
    {
        runtime.TryGetLoaded(name, out var plugin);
        return new WeakReference(AssemblyLoadContext.GetLoadContext(plugin!.Instance.GetType().Assembly));
    }

    public static bool IsCollected(WeakReference reference, int maxPasses = 20)
    {
        for (var i = 0; i < maxPasses && reference.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            if (reference.IsAlive)
            {
                Thread.Sleep(10);
            }
        }

        return !reference.IsAlive;
    }
}
