using Microsoft.Diagnostics.Runtime;

namespace PluginHost.Leaks;

/// <summary>
/// One breadth-first walk of the snapshot's heap from every root at once (static fields first, so a
/// path names the field rather than the runtime's storage array behind it; then thread stacks, strong
/// GC handles and the finalizer queue), stopping at the first object that belongs to a leaked
/// generation. Each root that reaches one gets its shortest path; a generation's objects held only
/// through another leaked generation's objects are found through that one.
/// </summary>
internal sealed class RootPathFinder
{
    private readonly ClrRuntime _runtime;
    private readonly ClrHeap _heap;
    private readonly IReadOnlyList<LeakTarget> _targets;
    private readonly RootOwnership _ownership;
    private readonly int _maxPaths;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<ulong, int> _targetOfContext = [];
    private readonly Dictionary<ulong, int> _targetOfAllocator = [];
    private readonly Dictionary<ulong, int> _targetOfMethodTable = [];
    private readonly List<Root> _roots = [];
    private readonly Dictionary<ulong, (ulong Parent, string? Field, int Root)> _reached = [];
    private readonly HashSet<(int Target, string RootKey)> _explained = [];

    public RootPathFinder(ClrRuntime runtime, IReadOnlyList<LeakTarget> targets, RootOwnership ownership, int maxPaths, CancellationToken cancellationToken)
    {
        _runtime = runtime;
        _heap = runtime.Heap;
        _targets = targets;
        _ownership = ownership;
        _maxPaths = maxPaths;
        _cancellationToken = cancellationToken;
        for (var i = 0; i < targets.Count; i++)
        {
            if (targets[i].Context != 0)
            {
                _targetOfContext[targets[i].Context] = i;
            }
        }
    }

    public void Run()
    {
        if (_targetOfContext.Count == 0)
        {
            return;
        }

        // One kind of root at a time, each walk finishing before the next begins: an object reached from a
        // static field is explained by that field, not by a local that happens to reach it through a neighbour
        // (timers sit in one linked list, so any timer on a stack reaches all the others).
        foreach (var phase in new[] { StaticFieldRoots(), StackRoots(), HandleRoots(), FinalizerRoots() })
        {
            Walk(phase);
        }

        AddThreadsRunningPluginCode();
    }

    private void Walk(IEnumerable<(Root Root, ulong Object)> roots)
    {
        var queue = new Queue<ulong>();
        foreach (var (root, obj) in roots)
        {
            if (obj != 0 && !_reached.ContainsKey(obj))
            {
                _roots.Add(root);
                _reached[obj] = (0, null, _roots.Count - 1);
                queue.Enqueue(obj);
            }
        }

        var visited = 0;
        while (queue.TryDequeue(out var address))
        {
            if (++visited % 4096 == 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
            }

            var obj = _heap.GetObject(address);
            if (!obj.IsValid)
            {
                continue;
            }

            var (target, what) = Classify(obj);
            if (target >= 0)
            {
                Record(target, address, what);
                continue;
            }

            foreach (var reference in obj.EnumerateReferencesWithFields(carefully: false, considerDependantHandles: true))
            {
                var next = reference.Object.Address;
                if (next != 0 && !_reached.ContainsKey(next))
                {
                    _reached[next] = (address, FieldOf(reference), _reached[address].Root);
                    queue.Enqueue(next);
                }
            }
        }
    }

    private IEnumerable<(Root Root, ulong Object)> StackRoots()
    {
        foreach (var thread in _runtime.Threads)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var running = DescribeThread(thread);
            foreach (var stackRoot in thread.EnumerateStackRoots())
            {
                var frame = (stackRoot as ClrStackRoot)?.StackFrame;
                var method = frame?.Method;
                var (owner, assembly) = _ownership.Of(method?.Type);
                var description = $"a local in {Name(method)} on the stack of {running}";
                yield return (new Root(new LeakRoot(LeakRootKind.ThreadStack, description, owner, assembly), $"thread {thread.OSThreadId}"), stackRoot.Object.Address);
            }
        }
    }

    private IEnumerable<(Root Root, ulong Object)> HandleRoots()
    {

        foreach (var handle in _runtime.EnumerateHandles())
        {
            // The runtime's own handles from a loader allocator to its types' Type objects and to its context are
            // there because the context is alive, not why: only handles that user code or the framework can hold count.
            if (handle.HandleKind is ClrHandleKind.Strong or ClrHandleKind.Pinned or ClrHandleKind.AsyncPinned or ClrHandleKind.RefCounted or ClrHandleKind.SizedRef
                && !_targetOfContext.ContainsKey(handle.Object.Address))
            {
                var kind = handle.HandleKind.ToString();
                yield return (new Root(new LeakRoot(LeakRootKind.GCHandle, $"a {kind} GC handle", RootOwner.Framework, string.Empty), $"handle {handle.Address}"), handle.Object.Address);
            }
        }

    }

    private IEnumerable<(Root Root, ulong Object)> FinalizerRoots()
    {
        foreach (var root in _heap.EnumerateFinalizerRoots())
        {
            yield return (new Root(new LeakRoot(LeakRootKind.FinalizerQueue, "the finalizer queue (an object waiting for its finalizer to run)", RootOwner.Framework, string.Empty), "finalizer"), root.Object.Address);
        }
    }

    // Static fields of every loaded type of the default context; a leaked generation's own statics are held by its loader allocator, not roots.
    private IEnumerable<(Root Root, ulong Object)> StaticFieldRoots()
    {
        var domains = _runtime.AppDomains;
        foreach (var module in _runtime.EnumerateModules())
        {
            _cancellationToken.ThrowIfCancellationRequested();
            foreach (var (methodTable, _) in module.EnumerateTypeDefToMethodTableMap())
            {
                var type = _runtime.GetTypeByMethodTable(methodTable);
                if (type is null)
                {
                    continue;
                }

                if (type.IsCollectible)
                {
                    NoteAllocator(type);
                    continue;
                }

                foreach (var field in type.StaticFields)
                {
                    if (!field.IsObjectReference)
                    {
                        continue;
                    }

                    foreach (var domain in domains)
                    {
                        if (!field.IsInitialized(domain))
                        {
                            continue;
                        }

                        var value = field.ReadObject(domain);
                        if (value.IsValid && !value.IsNull)
                        {
                            var (owner, assembly) = _ownership.Of(type);
                            var isEvent = field.Type?.BaseType?.Name == "System.MulticastDelegate";
                            var description = $"{(isEvent ? "static event" : "static field")} {type.Name}.{Pretty(field.Name)}";
                            yield return (new Root(new LeakRoot(LeakRootKind.StaticField, description, owner, assembly), description), value.Address);
                        }
                    }
                }
            }
        }
    }

    // A leaked context's loader allocator: every collectible type of the context points to it, so it identifies the context's objects.
    private void NoteAllocator(ClrType type)
    {
        if (_targetOfContext.TryGetValue(type.AssemblyLoadContextAddress, out var target) && type.LoaderAllocatorHandle != 0)
        {
            var allocator = _runtime.DataTarget.DataReader.ReadPointer(type.LoaderAllocatorHandle);
            if (allocator != 0)
            {
                _targetOfAllocator[allocator] = target;
            }
        }
    }

    private (int Target, string What) Classify(ClrObject obj)
    {
        if (_targetOfContext.TryGetValue(obj.Address, out var byContext))
        {
            return (byContext, $"its load context ({obj.Type?.Name})");
        }

        if (_targetOfAllocator.TryGetValue(obj.Address, out var byAllocator))
        {
            return (byAllocator, "its loader allocator");
        }

        var type = obj.Type!;
        var target = TargetOf(type);
        if (target >= 0)
        {
            return (target, type.Name ?? "?");
        }

        if (type.Name == "System.RuntimeType" && obj.TryReadField<nuint>("m_handle", out var handle))
        {
            var described = _runtime.GetTypeByMethodTable(handle);
            if (described is not null && TargetOf(described) is var typeTarget and >= 0)
            {
                return (typeTarget, $"Type object for {described.Name}");
            }
        }

        return (-1, string.Empty);
    }

    private int TargetOf(ClrType type)
    {
        if (!type.IsCollectible)
        {
            return -1;
        }

        if (_targetOfMethodTable.TryGetValue(type.MethodTable, out var known))
        {
            return known;
        }

        var target = -1;
        if (_targetOfContext.TryGetValue(type.AssemblyLoadContextAddress, out var byContext))
        {
            target = byContext;
        }
        else if (type.LoaderAllocatorHandle != 0)
        {
            // A generic instantiation over a plugin type (JsonTypeInfo<PluginType>) lives in the plugin's loader allocator.
            var allocator = _runtime.DataTarget.DataReader.ReadPointer(type.LoaderAllocatorHandle);
            target = _targetOfAllocator.GetValueOrDefault(allocator, -1);
        }

        _targetOfMethodTable[type.MethodTable] = target;
        return target;
    }

    private void Record(int target, ulong address, string what)
    {
        var rootIndex = _reached[address].Root;
        var root = _roots[rootIndex];
        if (!_explained.Add((target, root.Key)))
        {
            return;
        }

        var leak = _targets[target];
        if (leak.Paths.Count >= _maxPaths)
        {
            leak.Omitted++;
            return;
        }

        var steps = BuildSteps(address);
        AddPath(leak, Reword(root.Info, steps), steps, what);
    }

    // AppDomain's events live on the one AppDomain object, held by a static field nobody would recognise.
    private static LeakRoot Reword(LeakRoot root, List<LeakStep> steps) =>
        root.Description == "static field System.AppDomain.s_domain" && steps.Count > 1
            ? root with { Description = $"static event AppDomain.CurrentDomain.{steps[0].Field} (the AppDomain is held by static field System.AppDomain.s_domain)" }
            : root;

    private List<LeakStep> BuildSteps(ulong address)
    {
        var steps = new List<LeakStep>();
        string? fieldToNext = null;
        for (var at = address; at != 0;)
        {
            var (parent, field, _) = _reached[at];
            steps.Add(new LeakStep(_heap.GetObjectType(at)?.Name ?? "?", fieldToNext));
            fieldToNext = field;
            at = parent;
        }

        steps.Reverse();
        return steps;
    }

    private static void AddPath(LeakTarget leak, LeakRoot root, List<LeakStep> steps, string what)
    {
        var path = new LeakPath { Root = root, Steps = steps, PluginObject = what };
        leak.Paths.Add(path with { Fix = KnownFixes.For(path) });
    }

    // A thread executing the plugin's code keeps its context alive even when no local refers to an object of it.
    private void AddThreadsRunningPluginCode()
    {
        foreach (var thread in _runtime.Threads)
        {
            foreach (var frame in thread.EnumerateStackTrace())
            {
                var type = frame.Method?.Type;
                if (type is null || TargetOf(type) is not (var target and >= 0))
                {
                    continue;
                }

                if (_explained.Add((target, $"thread {thread.OSThreadId}")))
                {
                    var leak = _targets[target];
                    var root = new LeakRoot(LeakRootKind.ThreadStack, $"{DescribeThread(thread)}, still running the plugin's code", RootOwner.Plugin, type.Module?.AssemblyName is { } a ? Path.GetFileNameWithoutExtension(a) : string.Empty);
                    AddPath(leak, root, [new LeakStep(Name(frame.Method), null)], $"code of {type.Name}");
                }

                break;
            }
        }
    }

    private string DescribeThread(ClrThread thread)
    {
        var top = thread.EnumerateStackTrace().Select(f => f.Method).FirstOrDefault(m => m is not null && TargetOf(m.Type) >= 0)
            ?? thread.EnumerateStackTrace().Select(f => f.Method).LastOrDefault(m => m is not null);
        var name = thread.IsFinalizer ? "the finalizer thread" : $"thread {thread.ManagedThreadId} (OS thread {thread.OSThreadId})";
        return top is null ? name : $"{name} in {Name(top)}";
    }

    private static string Name(ClrMethod? method) => method is null ? "native code" : $"{method.Type?.Name}.{method.Name}";

    private static string? FieldOf(ClrReference reference)
    {
        if (reference.IsDependentHandle)
        {
            return "(a ConditionalWeakTable value)";
        }

        var inner = reference.InnerField is { Field: { } innerField } ? "." + Pretty(innerField.Name) : string.Empty;
        return reference.IsArrayElement ? "[element]" + inner : Pretty(reference.Field?.Name) + inner;
    }

    private static string Pretty(string? field) =>
        field is null ? "?" : field.StartsWith('<') && field.IndexOf(">k__BackingField", StringComparison.Ordinal) is var end and > 0 ? field[1..end] : field;

    private sealed record Root(LeakRoot Info, string Key);
}
