using FixtureContracts;

namespace PluginHost.Hosting.Tests.Support;

/// <summary>The app's implementation of a contract service plugins resolve from the host.</summary>
internal sealed class TestHostInfo(string name) : IHostInfo
{
    public event EventHandler? Changed;

    public string Name { get; } = name;

    public bool HasSubscribers => Changed is not null;
}
