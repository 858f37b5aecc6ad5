using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace PluginHost.Hooks;

/// <summary>
/// Which assemblies every plugin context resolves from the host instead of from its own folder, and the
/// context they come from: the host's default context, or the context of the plugin that created a
/// runtime of its own. The built-in loaders read it from the spec the runtime hands them.
/// </summary>
internal sealed record AssemblySharing(AssemblyLoadContext From, ImmutableHashSet<string> Names)
{
    // The host copies found so far, per shared context (weakly: it may be a plugin's): an assembly loaded there stays there.
    private static readonly ConditionalWeakTable<AssemblyLoadContext, ConcurrentDictionary<string, (Assembly Assembly, Version Version)>> s_hostCopies = [];

    /// <summary>
    /// Assemblies of the plugins this one requires, by simple name, answered from those plugins' own
    /// contexts so their types are one and the same. Set only for the load itself, never kept in a spec
    /// that outlives it (it would keep those generations alive).
    /// </summary>
    public ImmutableDictionary<string, Assembly> FromPlugins { get; init; } = ImmutableDictionary<string, Assembly>.Empty.WithComparers(StringComparer.OrdinalIgnoreCase);

    /// <summary>What every plugin shares whatever the configuration says: the abstractions and Serilog.</summary>
    public static ImmutableHashSet<string> Always { get; } =
        ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase, typeof(IPlugin).Assembly.GetName().Name!, typeof(Serilog.ILogger).Assembly.GetName().Name!);

    public static AssemblySharing Default { get; } = new(AssemblyLoadContext.Default, Always);

    public IEnumerable<AssemblyName> AssemblyNames => Names.Select(n => new AssemblyName(n));

    /// <summary>This sharing plus the names a plugin's own manifest adds.</summary>
    public AssemblySharing With(IEnumerable<string> more) => more.Any() ? this with { Names = Names.Union(more) } : this;

    /// <summary>The host's copy of a shared assembly, loading it into <see cref="From"/> if it is not there yet; null when the host has none.</summary>
    /// <remarks>
    /// Remembered once found: <see cref="AssemblyLoadContext.Assemblies"/> walks every assembly of the
    /// process, so asking it for every import made each import slower than the last.
    /// </remarks>
    public Assembly? HostCopyOf(string name) => Known(name)?.Assembly;

    /// <summary>The version of the host's copy of a shared assembly; null when the host has none.</summary>
    public Version? HostVersionOf(string name) => Known(name)?.Version;

    private (Assembly Assembly, Version Version)? Known(string name)
    {
        var known = s_hostCopies.GetValue(From, _ => new ConcurrentDictionary<string, (Assembly, Version)>(StringComparer.OrdinalIgnoreCase));
        if (known.TryGetValue(name, out var cached))
        {
            return cached;
        }

        if (FindHostCopy(name) is not { } found)
        {
            return null;
        }

        var entry = (found, found.GetName().Version ?? new Version(0, 0, 0, 0));
        known.TryAdd(name, entry);
        return entry;
    }

    private Assembly? FindHostCopy(string name)
    {
        foreach (var assembly in From.Assemblies)
        {
            if (string.Equals(assembly.GetName().Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return assembly;
            }
        }

        try
        {
            return From.LoadFromAssemblyName(new AssemblyName(name));
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return null;
        }
    }
}
