using Mono.Cecil;

namespace PluginHost.Tests.Architecture;

/// <summary>
/// Checks a built assembly against an ordered list of namespaces, lowest layer first: a type may
/// reference types of its own layer and of lower layers only. Only types defined in the assembly
/// itself count; references to any other assembly are ignored.
/// </summary>
internal static class LayerAnalysis
{
    private const string CompilerGenerated = "System.Runtime.CompilerServices.CompilerGeneratedAttribute";

    /// <summary>Every upward reference, de-duplicated by (from type, to type), and every unlisted namespace.</summary>
    public static IReadOnlyList<LayerViolation> Find(string assemblyPath, IReadOnlyList<string> orderedLayers)
    {
        var rank = orderedLayers.Select((layer, index) => (layer, index)).ToDictionary(p => p.layer, p => p.index, StringComparer.Ordinal);

        // Custom attribute blobs name enums of other assemblies; Cecil resolves them to read the values.
        using var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(Path.GetFullPath(assemblyPath)));
        resolver.AddSearchDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location));
        using var module = ModuleDefinition.ReadModule(assemblyPath, new ReaderParameters { AssemblyResolver = resolver });

        // Nested and compiler-generated types (closures, state machines, <>c) belong to their outermost type.
        var types = module.GetTypes().Where(t => !IsCompilerShared(Outermost(t))).ToList();

        var unlisted = types
            .Where(t => t.DeclaringType is null && !rank.ContainsKey(t.Namespace))
            .GroupBy(t => t.Namespace)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => LayerViolation.Unlisted(g.Key, g.Select(t => t.Name).Order(StringComparer.Ordinal)));

        var upward = types
            .SelectMany(type => TypeReferences.Of(type)
                .Select(reference => DefinedIn(module, reference))
                .OfType<TypeDefinition>()
                .Select(to => (From: Outermost(type), To: Outermost(to))))
            .Where(edge => rank.TryGetValue(edge.From.Namespace, out var fromRank)
                && rank.TryGetValue(edge.To.Namespace, out var toRank)
                && toRank > fromRank)
            .Select(edge => (From: edge.From.FullName, To: edge.To.FullName, FromLayer: edge.From.Namespace, ToLayer: edge.To.Namespace))
            .Distinct()
            .OrderBy(edge => edge.From, StringComparer.Ordinal)
            .ThenBy(edge => edge.To, StringComparer.Ordinal)
            .Select(edge => LayerViolation.Upward(edge.From, edge.To, edge.FromLayer, edge.ToLayer));

        // Materialised here: the module is disposed on return.
        return [.. unlisted, .. upward];
    }

    private static TypeDefinition? DefinedIn(ModuleDefinition module, TypeReference reference) =>
        reference switch
        {
            TypeDefinition definition => definition.Module == module ? definition : null,
            _ when reference.Scope == module => reference.Resolve(),
            _ => null,
        };

    private static TypeDefinition Outermost(TypeDefinition type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    // <Module> and the compiler's own top-level types (anonymous types, <PrivateImplementationDetails>,
    // embedded attributes) serve every layer and belong to none.
    private static bool IsCompilerShared(TypeDefinition type) =>
        type.Name == "<Module>" || type.CustomAttributes.Any(a => a.AttributeType.FullName == CompilerGenerated);
}
