namespace PluginHost.Tests.Architecture;

/// <summary>
/// One broken layering rule: a type referencing a type of a higher layer (<see cref="To"/> set),
/// or a namespace the layer list does not place (<see cref="To"/> null, <see cref="From"/> is the namespace).
/// </summary>
internal sealed record LayerViolation(string From, string? To, string Message)
{
    public static LayerViolation Upward(string from, string to, string fromLayer, string toLayer) =>
        new(from, to, $"{from} -> {to} ({ShortName(fromLayer)} may not depend on {ShortName(toLayer)}, a higher layer)");

    public static LayerViolation Unlisted(string ns, IEnumerable<string> typeNames) =>
        new(ns, null, $"namespace {(ns.Length == 0 ? "<global>" : ns)} is not in the layer list ({string.Join(", ", typeNames)})");

    public override string ToString() => Message;

    // "PluginHost.Finding" reads as "Finding"; the root namespace keeps its whole name.
    private static string ShortName(string layer) => layer[(layer.LastIndexOf('.') + 1)..];
}
