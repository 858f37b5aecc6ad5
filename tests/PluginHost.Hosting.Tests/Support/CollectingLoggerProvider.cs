using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PluginHost.Hosting.Tests.Support;

/// <summary>A logging provider that keeps every event with its state and scopes, as structured providers see them.</summary>
internal sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly AsyncLocal<ImmutableScopes?> _scopes = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new CollectingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private static Dictionary<string, object?> Properties(object? state) =>
        state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value)
            : new Dictionary<string, object?>();

    private sealed record ImmutableScopes(IReadOnlyDictionary<string, object?> Scope, ImmutableScopes? Outer);

    private sealed class CollectingLogger(CollectingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            var outer = provider._scopes.Value;
            provider._scopes.Value = new ImmutableScopes(Properties(state), outer);
            return new Restore(provider, outer);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<IReadOnlyDictionary<string, object?>>();
            for (var scope = provider._scopes.Value; scope is not null; scope = scope.Outer)
            {
                scopes.Add(scope.Scope);
            }

            provider._entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), Properties(state), scopes, exception));
        }
    }

    private sealed class Restore(CollectingLoggerProvider provider, ImmutableScopes? outer) : IDisposable
    {
        public void Dispose() => provider._scopes.Value = outer;
    }
}
