using System.Diagnostics.CodeAnalysis;
using PluginHost.Diagnostics;
using Semver;

namespace PluginHost.Configuration;

/// <summary>
/// One entry of a manifest's <c>requires</c>: a plugin name and an optional version constraint, written
/// as <c>"Greeter"</c>, <c>"Greeter &gt;= 1.2, &lt; 2"</c> or <c>"Greeter ^1.2"</c>.
/// </summary>
public sealed record PluginRequirement
{
    private readonly SemVersionRange _range;

    private PluginRequirement(string name, string constraint, SemVersionRange range, SourceLocation? location)
    {
        Name = name;
        Constraint = constraint;
        _range = range;
        Location = location;
    }

    /// <summary>The required plugin's name.</summary>
    public string Name { get; }

    /// <summary>The version constraint as written (comparators separated by commas), or empty for any version.</summary>
    public string Constraint { get; }

    /// <summary>Where the requirement is written, when it came from a manifest file.</summary>
    public SourceLocation? Location { get; }

    /// <summary>Parses a requirement such as <c>"Greeter &gt;= 1.2, &lt; 2"</c>.</summary>
    /// <param name="text">The plugin name, then an optional comma-separated list of comparators (<c>=</c>, <c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>^</c>, <c>~</c>).</param>
    /// <returns>The requirement.</returns>
    /// <exception cref="FormatException">The name or the constraint is not valid.</exception>
    public static PluginRequirement Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, null, out var requirement, out var error) ? requirement : throw new FormatException(error);
    }

    /// <summary>Whether a plugin version satisfies the constraint. A version that is not SemVer satisfies only an empty constraint.</summary>
    /// <param name="version">The required plugin's version, such as <c>1.2.0</c> (build metadata is ignored).</param>
    /// <returns>True when the version is in range.</returns>
    public bool IsSatisfiedBy(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (Constraint.Length == 0)
        {
            return true;
        }

        return SemVersion.TryParse(version, SemVersionStyles.Any, out var parsed) && _range.Contains(parsed);
    }

    /// <summary>The requirement as written: the name, then the constraint.</summary>
    /// <returns>The requirement as text.</returns>
    public override string ToString() => Constraint.Length == 0 ? Name : $"{Name} {Constraint}";

    internal static bool TryParse(string text, SourceLocation? location, [NotNullWhen(true)] out PluginRequirement? requirement, [NotNullWhen(false)] out string? error)
    {
        requirement = null;
        var trimmed = text.Trim();
        var end = 0;
        while (end < trimmed.Length && !char.IsWhiteSpace(trimmed[end]) && !"<>=^~".Contains(trimmed[end], StringComparison.Ordinal))
        {
            end++;
        }

        var name = PluginNameRules.Normalize(trimmed[..end]);
        var constraint = trimmed[end..].Trim();
        if (!PluginNameRules.IsValid(name, out var reason))
        {
            error = Diagnostics.Messages.RequirementNameInvalid(text, reason);
            return false;
        }

        // The library parses the comparators; we only turn "a, b" into its space-separated form "a b"
        // and close the gap people write after an operator (">= 1.2" becomes ">=1.2").
        var range = SemVersionRange.All;
        if (constraint.Length > 0)
        {
            var comparators = constraint.Split(',', StringSplitOptions.TrimEntries).Select(CloseOperatorGap);
            if (comparators.Any(c => c.Length == 0)
                || !SemVersionRange.TryParse(string.Join(' ', comparators), SemVersionRangeOptions.OptionalMinorPatch, out range))
            {
                error = Diagnostics.Messages.RequirementConstraintInvalid(text, constraint);
                return false;
            }
        }

        requirement = new PluginRequirement(name, constraint, range, location);
        error = null;
        return true;
    }

    private static string CloseOperatorGap(string comparator)
    {
        var operatorLength = 0;
        while (operatorLength < comparator.Length && "<>=^~".Contains(comparator[operatorLength], StringComparison.Ordinal))
        {
            operatorLength++;
        }

        return comparator[..operatorLength] + comparator[operatorLength..].TrimStart();
    }
}
