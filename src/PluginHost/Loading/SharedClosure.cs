using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using McMaster.NETCore.Plugins.Loader;
using PluginHost.Hooks;

namespace PluginHost.Loading;

/// <summary>
/// Tells a McMaster builder to take the shared assemblies, and every assembly they reference, from the
/// shared context, doing the walk of their references once per runtime instead of once per plugin.
/// </summary>
/// <remarks>
/// McMaster's <c>PreferDefaultLoadContextAssembly</c> loads each name it is given from the shared
/// context and walks all its references, transitively, on every builder: for the abstractions and
/// Serilog about a dozen loads and reference lists per plugin. In its lazy mode it loads only the names
/// it is given and adds their direct references unloaded. Given a cover of the closure (names whose
/// direct references, with themselves, make up the whole closure), computed once, a builder ends with the
/// very same set of shared names for a few loads.
/// </remarks>
internal static class SharedClosure
{
    // Keyed weakly on both: the set of names (one per runtime) and the context they come from, which may be a plugin's.
    private static readonly ConditionalWeakTable<ImmutableHashSet<string>, ConditionalWeakTable<AssemblyLoadContext, AssemblyName[]>> s_covers = [];

    /// <summary>
    /// Makes <paramref name="builder"/> prefer the shared context for every shared assembly and its
    /// references, and for the assemblies of required plugins (which <paramref name="requirements"/> answers).
    /// </summary>
    public static void Prefer(AssemblyLoadContextBuilder builder, AssemblySharing sharing, AssemblyLoadContext? requirements)
    {
        if (requirements is not null)
        {
            // A context of its own answers for the required plugins' assemblies: walked for this plugin alone, as McMaster does.
            foreach (var name in sharing.AssemblyNames.Concat(sharing.FromPlugins.Keys.Select(n => new AssemblyName(n))))
            {
                builder.PreferDefaultLoadContextAssembly(name);
            }

            return;
        }

        var byContext = s_covers.GetOrCreateValue(sharing.Names);
        if (!byContext.TryGetValue(sharing.From, out var cover))
        {
            cover = Cover(sharing);
            byContext.AddOrUpdate(sharing.From, cover);
        }

        builder.IsLazyLoaded(true);
        foreach (var name in cover)
        {
            builder.PreferDefaultLoadContextAssembly(name);
        }
    }

    /// <summary>
    /// Walks the closure breadth-first from the shared names, keeping each name not already a direct
    /// reference of one kept before it: exactly the names a lazy builder then loads.
    /// </summary>
    private static AssemblyName[] Cover(AssemblySharing sharing)
    {
        var cover = new List<AssemblyName>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<AssemblyName>(sharing.AssemblyNames);
        while (queue.TryDequeue(out var name))
        {
            if (name.Name is not { } simple || !visited.Add(simple))
            {
                continue;
            }

            // Throws as McMaster would for a shared name the shared context cannot load; nothing is cached then.
            var references = sharing.From.LoadFromAssemblyName(name).GetReferencedAssemblies();
            if (covered.Add(simple))
            {
                cover.Add(new AssemblyName(simple));
                foreach (var reference in references)
                {
                    if (reference.Name is { } referenced)
                    {
                        covered.Add(referenced);
                    }
                }
            }

            foreach (var reference in references)
            {
                queue.Enqueue(reference);
            }
        }

        return [.. cover];
    }
}
