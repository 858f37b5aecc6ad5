using PluginHost.Diagnostics;

namespace PluginHost.Hooks;

/// <summary>What a finder gets for one look-up: the search path, and a record of every place it probes.</summary>
public sealed class PluginSearchContext
{
    private readonly List<ImportProbe> _probes = [];

    /// <summary>Creates a context for one look-up.</summary>
    /// <param name="searchPaths">The folders to search, in order.</param>
    public PluginSearchContext(IReadOnlyList<string> searchPaths)
    {
        ArgumentNullException.ThrowIfNull(searchPaths);
        SearchPaths = searchPaths;
    }

    /// <summary>The folders to search, in order.</summary>
    public IReadOnlyList<string> SearchPaths { get; }

    /// <summary>Every place probed so far, in order.</summary>
    public IReadOnlyList<ImportProbe> Probes => _probes;

    internal string CurrentFinder { get; set; } = string.Empty;

    /// <summary>Records a place the current finder looked at, for traces and not-found errors.</summary>
    /// <param name="location">What was looked at.</param>
    /// <param name="outcome">What was found there.</param>
    public void RecordProbe(string location, string outcome) =>
        _probes.Add(new ImportProbe(CurrentFinder, location, outcome));
}
