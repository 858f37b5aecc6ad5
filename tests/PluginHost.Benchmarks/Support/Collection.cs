using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace PluginHost.Benchmarks.Support;

/// <summary>Unloads a baseline's load context and waits, boundedly, until it is collected: the same proof the host gives.</summary>
internal static class Collection
{
    public static void UnloadAndWait(ref AssemblyLoadContext? context)
    {
        var reference = Release(ref context);
        if (!WaitFor(reference))
        {
            throw new InvalidOperationException("A baseline load context was not collected; the benchmark leaks.");
        }
    }

    public static bool WaitFor(WeakReference reference, int maxPasses = 20)
    {
        for (var pass = 0; pass < maxPasses && reference.IsAlive; pass++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            if (reference.IsAlive)
            {
                Thread.Sleep(Math.Min(5 * (pass + 1), 50));
            }
        }

        return !reference.IsAlive;
    }

    // Out of line so no local of the caller's frame keeps the context reachable.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Release(ref AssemblyLoadContext? context)
    {
        var reference = new WeakReference(context ?? throw new InvalidOperationException("Nothing was loaded."));
        context.Unload();
        context = null;
        return reference;
    }
}
