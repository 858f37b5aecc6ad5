using Mono.Cecil;

namespace PluginHost.Tests.Architecture;

/// <summary>
/// What an assembly built on PluginHost uses of it that is not public API: every type, method or field
/// of the core that its metadata or IL names and that a package compiled without the core's internals
/// could not reach. A finder package must find nothing, so it works with any core of the same public API.
/// </summary>
internal static class CoreApiUse
{
    /// <summary>Each non-public use, as <c>using type -> used member</c>, de-duplicated and in ordinal order.</summary>
    public static IReadOnlyList<string> NonPublic(string assemblyPath, string coreAssemblyName)
    {
        using var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(Path.GetFullPath(assemblyPath)));
        resolver.AddSearchDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location));
        using var module = ModuleDefinition.ReadModule(assemblyPath, new ReaderParameters { AssemblyResolver = resolver });

        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var attribute in module.Assembly.CustomAttributes)
        {
            CheckMethod("<assembly>", attribute.Constructor);
        }

        foreach (var type in module.GetTypes())
        {
            foreach (var reference in TypeReferences.Of(type))
            {
                CheckType(type.FullName, reference);
            }

            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                foreach (var operand in method.Body.Instructions.Select(i => i.Operand))
                {
                    switch (operand)
                    {
                        case MethodReference called:
                            CheckMethod(type.FullName, called);
                            break;
                        case FieldReference field when InCore(field.DeclaringType) && field.Resolve() is { } definition
                            && !(definition.IsPublic || definition.IsFamily || definition.IsFamilyOrAssembly):
                            found.Add($"{type.FullName} -> {field.FullName}");
                            break;
                        default:
                            break;
                    }
                }
            }
        }

        return [.. found];

        void CheckType(string from, TypeReference reference)
        {
            if (InCore(reference) && reference.Resolve() is { } definition && !IsVisible(definition))
            {
                found.Add($"{from} -> {definition.FullName}");
            }
        }

        void CheckMethod(string from, MethodReference method)
        {
            if (InCore(method.DeclaringType) && method.Resolve() is { } definition
                && !((definition.IsPublic || definition.IsFamily || definition.IsFamilyOrAssembly) && IsVisible(definition.DeclaringType)))
            {
                found.Add($"{from} -> {definition.FullName}");
            }
        }

        bool InCore(TypeReference type) =>
            type.GetElementType().Scope is AssemblyNameReference scope && scope.Name == coreAssemblyName;
    }

    private static bool IsVisible(TypeDefinition type) =>
        type.DeclaringType is null ? type.IsPublic : (type.IsNestedPublic || type.IsNestedFamily) && IsVisible(type.DeclaringType);
}
