using PluginHost.Diagnostics;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Serialization;
using Tomlyn.Syntax;

namespace PluginHost.Toml;

/// <summary>
/// A TOML file parsed for reading a schema from (the host configuration, a plugin manifest): the
/// tables with every key's source span, so each schema error names its own line and column, and the
/// errors collected so all of them are reported at once.
/// </summary>
internal sealed class TomlDocument
{
    // Tomlyn's parser refuses nesting deeper than this (arrays and inline tables together).
    private const int MaximumDepth = 64;

    private readonly TomlMetadataStore _metadata;
    private readonly List<ConfigurationError> _errors = [];

    private TomlDocument(string file, TomlTable root, TomlMetadataStore metadata)
    {
        File = file;
        Root = root;
        _metadata = metadata;
    }

    public string File { get; }

    public TomlTable Root { get; }

    public IReadOnlyList<ConfigurationError> Errors => _errors;

    /// <summary>Parses <paramref name="text"/>; on invalid TOML returns null and every syntax error with its position.</summary>
    public static TomlDocument? Parse(string file, string text, out IReadOnlyList<ConfigurationError> syntaxErrors)
    {
        var metadata = new TomlMetadataStore();
        try
        {
            // The syntax pass validates the whole TOML 1.1 spec, duplicate keys included, which
            // deserializing to a TomlTable alone lets through (the last value silently wins). It throws
            // rather than reports for some inputs (nesting deeper than 64), so it sits inside the try.
            var syntax = SyntaxParser.Parse(text, file, validate: true);
            if (syntax.HasErrors)
            {
                syntaxErrors = SyntaxErrors(file, syntax.Diagnostics);
                return null;
            }

            var root = TomlSerializer.Deserialize<TomlTable>(text, new TomlSerializerOptions
            {
                SourceName = file,
                MetadataStore = metadata,
                DuplicateKeyHandling = TomlDuplicateKeyHandling.Error,
            }) ?? [];
            syntaxErrors = [];
            return new TomlDocument(file, root, metadata);
        }
        catch (TomlException e)
        {
            syntaxErrors = e.Diagnostics is { Count: > 0 } diagnostics
                ? SyntaxErrors(file, diagnostics)
                : [new ConfigurationError(LocationOf(file, text, e), Messages.TomlSyntax(StripLocation(e.Message)))];
            return null;
        }
#pragma warning disable CA1031 // The reader is total: any bytes give located errors, a Tomlyn fault included.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            syntaxErrors = [new ConfigurationError(new SourceLocation(file, 1, 1), Messages.TomlUnreadable(e))];
            return null;
        }
    }

    /// <summary>Where <paramref name="key"/> of <paramref name="table"/> stands, 1-based.</summary>
    public SourceLocation LocationOf(TomlTable table, string key, SourceLocation? fallback = null)
    {
        if (_metadata.TryGetProperties(table, out var properties)
            && properties is not null
            && properties.TryGetProperty(key, out var property)
            && property?.Span is { } span)
        {
            return new SourceLocation(File, span.Start.Line + 1, span.Start.Column + 1);
        }

        return fallback ?? new SourceLocation(File, 1, 1);
    }

    public void Error(SourceLocation location, string message) => _errors.Add(new ConfigurationError(location, message));

    private static List<ConfigurationError> SyntaxErrors(string file, DiagnosticsBag diagnostics) =>
        [.. diagnostics
            .Where(d => d.Kind == DiagnosticMessageKind.Error)
            .Select(d => new ConfigurationError(
                new SourceLocation(file, d.Span.Start.Line + 1, d.Span.Start.Column + 1),
                Messages.TomlSyntax(d.Message)))];

    // The depth limit is thrown without a position: point at the bracket that crossed it.
    private static SourceLocation LocationOf(string file, string text, TomlException e)
    {
        if (e.Line is { } line)
        {
            return new SourceLocation(file, line, e.Column ?? 1);
        }

        return e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase) && NestingScanner.FirstBeyond(text, MaximumDepth) is var (l, c)
            ? new SourceLocation(file, l, c)
            : new SourceLocation(file, 1, 1);
    }

    // Tomlyn prefixes its message with "file(line,col) : error : "; the location is ours to print.
    private static string StripLocation(string message)
    {
        const string Marker = " : error : ";
        var index = message.IndexOf(Marker, StringComparison.Ordinal);
        return (index < 0 ? message : message[(index + Marker.Length)..]).Trim();
    }
}
