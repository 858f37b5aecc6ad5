using System.Collections.Concurrent;
using PluginHost.Results;

namespace PluginHost.Tests.Support;

/// <summary>Collects a runtime's Reloaded events so a test can wait for them with a timeout instead of sleeping.</summary>
internal sealed class ReloadEvents : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);
    private readonly PluginRuntime _runtime;
    private readonly BlockingCollection<ReloadResult> _results = [];

    public ReloadEvents(PluginRuntime runtime)
    {
        _runtime = runtime;
        runtime.Reloaded += OnReloaded;
    }

    /// <summary>The next reload of <paramref name="name"/>; fails the test if none comes in time.</summary>
    public ReloadResult Next(string name)
    {
        var deadline = DateTime.UtcNow + s_timeout;
        while (_results.TryTake(out var result, deadline - DateTime.UtcNow))
        {
            if (result.Name == name)
            {
                return result;
            }
        }

        Assert.Fail($"No reload of '{name}' was reported within {s_timeout.TotalSeconds} s.");
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>How many reloads were reported and not yet taken.</summary>
    public int Count => _results.Count;

    public void Dispose()
    {
        _runtime.Reloaded -= OnReloaded;
        _results.Dispose();
    }

    private void OnReloaded(object? sender, ReloadResult result) => _results.Add(result);
}
