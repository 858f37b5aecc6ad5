using System.Collections.Immutable;

namespace PluginHost.Runtime;

/// <summary>
/// The imports running in this flow, outermost first: what a cycle chain is made of. It flows into the
/// worker a plugin's Register runs on (an <see cref="AsyncLocal{T}"/>), so imports made from Register see
/// the imports that led to it. A frame is
/// <see cref="ImportPhase.Resolving"/> while its requirements import (a name met again then is a
/// <c>requires</c> cycle, found before any of it loads) and <see cref="ImportPhase.Registering"/> once it
/// is in the cache (a name met again then is an import cycle through Register, which gets the partial
/// plugin, as Python gives a partially initialised module).
/// </summary>
internal static class ImportStack
{
    private static readonly AsyncLocal<ImmutableList<Frame>?> s_frames = new();

    public static Frame Push(object runtime, string name)
    {
        var outer = s_frames.Value;
        var frame = new Frame(runtime, name, outer);
        s_frames.Value = (outer ?? []).Add(frame);
        return frame;
    }

    /// <summary>The chain from the running import of <paramref name="name"/> to the innermost import, then <paramref name="name"/> again; null when it is not running here.</summary>
    public static IReadOnlyList<string>? ChainTo(object runtime, string name, out ImportPhase phase)
    {
        phase = ImportPhase.Resolving;
        var frames = s_frames.Value;
        if (frames is null)
        {
            return null;
        }

        var start = frames.FindIndex(f => ReferenceEquals(f.Runtime, runtime) && f.Name == name);
        if (start < 0)
        {
            return null;
        }

        phase = frames[start].Phase;
        return [.. frames.Skip(start).Where(f => ReferenceEquals(f.Runtime, runtime)).Select(f => f.Name), name];
    }

    /// <summary>One running import; dispose it when the import ends, successful or not.</summary>
    internal sealed class Frame(object runtime, string name, ImmutableList<Frame>? outer) : IDisposable
    {
        public object Runtime { get; } = runtime;

        public string Name { get; } = name;

        public ImportPhase Phase { get; set; } = ImportPhase.Resolving;

        public void Dispose() => s_frames.Value = outer;
    }
}

/// <summary>Where a running import is.</summary>
internal enum ImportPhase
{
    /// <summary>Finding the plugin and importing what it requires; nothing of it is loaded yet.</summary>
    Resolving,

    /// <summary>In the cache, running Register: a partial plugin others may already see.</summary>
    Registering,
}
