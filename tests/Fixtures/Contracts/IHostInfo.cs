namespace FixtureContracts;

/// <summary>A service the test host provides: plugins resolve it through their context's services.</summary>
public interface IHostInfo
{
    /// <summary>Raised when the host's information changes; a plugin that subscribes and never unsubscribes pins its generation.</summary>
    event EventHandler? Changed;

    /// <summary>The host's name.</summary>
    string Name { get; }
}
