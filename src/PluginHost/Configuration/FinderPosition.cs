namespace PluginHost.Configuration;

/// <summary>Where a configured finder goes in the chain, relative to the built-in directory finder.</summary>
public enum FinderPosition
{
    /// <summary>Before the directory finder: it is asked first, and can shadow drop-in folders.</summary>
    First,

    /// <summary>After the directory finder: it is asked only for names no drop-in folder has.</summary>
    Last,
}
