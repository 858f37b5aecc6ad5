namespace PluginHost.Leaks;

/// <summary>The GC root at the start of a path that keeps a leaked generation alive.</summary>
/// <param name="Kind">The kind of root.</param>
/// <param name="Description">The root in plain words, such as <c>static field System.AppContext.s_dataStore</c> or <c>the stack of thread 12 in LeakZoo.ThreadLeak.Run</c>.</param>
/// <param name="Owner">Whose code declares the root.</param>
/// <param name="OwnerAssembly">The assembly that declares it; empty for a GC handle or the finalizer queue.</param>
public sealed record LeakRoot(LeakRootKind Kind, string Description, RootOwner Owner, string OwnerAssembly);
