using Microsoft.Extensions.Logging;

namespace PluginHost.Hosting.Tests.Support;

/// <summary>One event as an <see cref="ILoggerProvider"/> received it: category, level, message, state properties and the scopes around it.</summary>
internal sealed record LogEntry(
    string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> State, IReadOnlyList<IReadOnlyDictionary<string, object?>> Scopes, Exception? Exception);
