using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace PluginHost.Hosting.Tests.Support;

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

    public static bool IsCollected(WeakReference reference)
    {
        for (var i = 0; i < 20 && reference.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        return !reference.IsAlive;
    }
}
