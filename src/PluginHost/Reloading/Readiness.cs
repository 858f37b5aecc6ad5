namespace PluginHost.Reloading;

/// <summary>Whether a plugin's changed files make a build that can be loaded now.</summary>
internal enum Readiness
{
    /// <summary>Nothing changed since the last load: the events were about writes already loaded, or about files that came and went.</summary>
    NothingNew,

    /// <summary>A new build of the entry assembly, its PDB beside it, and every changed file it reads are whole: load it now.</summary>
    Complete,

    /// <summary>Something is partial, or the changes can only be judged by quiet time: wait for the next change or the quiet period.</summary>
    Waiting,

    /// <summary>Every file is whole but a writer still holds one: look again shortly, as its closing raises no event.</summary>
    Busy,
}
