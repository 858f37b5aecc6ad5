using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using McMaster.NETCore.Plugins.Loader;
using PluginHost.Hooks;

namespace PluginHost.Loading;

/// <summary>
/// McMaster builders configured once per runtime and reused for every plugin: what every plugin shares is
/// worked out once, not once per plugin.
/// </summary>
/// <remarks>
/// McMaster's <c>PreferDefaultLoadContextAssembly</c> loads each shared name from the shared context and
/// walks all its references, transitively, into the builder's set of names to take from there: for the
/// abstractions and Serilog about twenty loads and reference lists, 60 µs and 23 KB per plugin when each
/// plugin gets a new builder. The set is the same for every plugin of a runtime, and <c>Build()</c> copies
/// it into each context, so a builder keeps it: a plugin takes a builder from the pool, sets its own entry
/// assembly, builds its context and hands the builder back. A pool holds as many builders as there were
/// plugins loading at once. Plugins that require others have a "default" context of their own, and get a
/// builder of their own, as before.
/// </remarks>
internal static class ContextBuilders
{
    // Keyed weakly on both: the set of shared names (one per runtime) and the context they come from, which may be
    // a plugin's. One pool for collectible builders, one for non-collectible ones.
    private static readonly ConditionalWeakTable<ImmutableHashSet<string>, ConditionalWeakTable<AssemblyLoadContext, ConcurrentBag<AssemblyLoadContextBuilder>[]>> s_pools = [];

    /// <summary>Builds the McMaster context for the entry assembly at <paramref name="path"/>.</summary>
    /// <param name="path">The plugin's entry assembly.</param>
    /// <param name="sharing">What the context takes from the host.</param>
    /// <param name="requirements">The context answering for the required plugins' assemblies, or null.</param>
    /// <param name="unloadable">Collectible and in memory (development mode), or neither (production mode).</param>
    public static AssemblyLoadContext Build(string path, AssemblySharing sharing, AssemblyLoadContext? requirements, bool unloadable)
    {
        if (requirements is not null)
        {
            var own = Create(path, requirements, unloadable);
            foreach (var name in sharing.AssemblyNames.Concat(sharing.FromPlugins.Keys.Select(n => new AssemblyName(n))))
            {
                own.PreferDefaultLoadContextAssembly(name);
            }

            return own.Build();
        }

        var pool = s_pools.GetOrCreateValue(sharing.Names).GetValue(sharing.From, _ => [new(), new()])[unloadable ? 1 : 0];
        if (!pool.TryTake(out var builder))
        {
            // Throws as before for a shared name the shared context cannot load; nothing is pooled then.
            builder = Create(path, sharing.From, unloadable);
            foreach (var name in sharing.AssemblyNames)
            {
                builder.PreferDefaultLoadContextAssembly(name);
            }
        }

        try
        {
            return builder.SetMainAssemblyPath(path).Build();
        }
        finally
        {
            pool.Add(builder);
        }
    }

    // What PluginLoader builds for isUnloadable + LoadInMemory: dependencies read into memory (no file locked),
    // native libraries shadow-copied. In production nothing unloads and nothing is rebuilt in place: files load
    // from disk, natives from where they are.
    private static AssemblyLoadContextBuilder Create(string path, AssemblyLoadContext defaultContext, bool unloadable)
    {
        var builder = new AssemblyLoadContextBuilder().SetMainAssemblyPath(path).SetDefaultContext(defaultContext);
        return unloadable ? builder.EnableUnloading().PreloadAssembliesIntoMemory().ShadowCopyNativeLibraries() : builder;
    }
}
