namespace PluginHost.Leaks;

/// <summary>What kind of GC root keeps a leaked generation alive.</summary>
public enum LeakRootKind
{
    /// <summary>A static field (an event declared static included) of a type in the default context.</summary>
    StaticField,

    /// <summary>A local or argument on a thread's stack, or a thread still running the plugin's code.</summary>
    ThreadStack,

    /// <summary>A GC handle: strong, pinned, async-pinned, ref-counted or sized.</summary>
    GCHandle,

    /// <summary>An object waiting in the finalizer queue.</summary>
    FinalizerQueue,
}
