using System.Reflection;
using System.Text;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.PublicApi;

/// <summary>
/// The public surface is approved, not accidental: each assembly's public types and members are
/// compared with a committed list. To accept a deliberate change, run the tests with
/// PLUGINHOST_APPROVE_API=1 and commit the rewritten .approved.txt file.
/// </summary>
[TestFixture]
public sealed class PublicApiTests
{
    private static IEnumerable<TestCaseData> Assemblies()
    {
        yield return new TestCaseData(typeof(IPlugin).Assembly).SetName("PublicApi_Abstractions_MatchesApprovedList");
        yield return new TestCaseData(typeof(PluginRuntime).Assembly).SetName("PublicApi_PluginHost_MatchesApprovedList");
    }

    [TestCaseSource(nameof(Assemblies))]
    public void PublicApi(Assembly assembly)
    {
        var approvedFile = Path.Combine(FixturePlugins.RepoRoot, "tests", "PluginHost.Tests", "PublicApi", assembly.GetName().Name + ".approved.txt");
        var actual = Describe(assembly);

        if (Environment.GetEnvironmentVariable("PLUGINHOST_APPROVE_API") == "1")
        {
            File.WriteAllText(approvedFile, actual);
        }

        var approved = File.Exists(approvedFile) ? File.ReadAllText(approvedFile) : string.Empty;
        Assert.That(actual, Is.EqualTo(approved),
            $"The public API of {assembly.GetName().Name} changed. If that is deliberate, run the tests with PLUGINHOST_APPROVE_API=1 and commit {approvedFile}.");
    }

    private static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            lines.Add($"{Kind(type)} {type.FullName}{BaseList(type)}");
            const BindingFlags Flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(Flags))
            {
                if (Describe(member) is { } text)
                {
                    lines.Add($"{type.FullName}::{text}");
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines) + "\n";
    }

    private static string Kind(Type type) => type switch
    {
        { IsInterface: true } => "interface",
        { IsEnum: true } => "enum",
        { IsValueType: true } => "struct",
        { IsAbstract: true, IsSealed: true } => "static class",
        { IsSealed: true } => "sealed class",
        { IsAbstract: true } => "abstract class",
        _ => "class",
    };

    private static string BaseList(Type type)
    {
        var bases = type.GetInterfaces().Select(Name).Order(StringComparer.Ordinal).ToList();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && baseType != typeof(Enum))
        {
            bases.Insert(0, Name(baseType));
        }

        return bases.Count == 0 ? string.Empty : " : " + string.Join(", ", bases);
    }

    // Records' generated members (Equals, Clone, Deconstruct...) follow from the declaration itself.
    private static string? Describe(MemberInfo member) => member switch
    {
        _ when member.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)) => null,
        MethodInfo { IsSpecialName: true } => null,
        MethodInfo method => $"{Name(method.ReturnType)} {method.Name}{Generics(method)}({Parameters(method.GetParameters())})",
        ConstructorInfo constructor => $".ctor({Parameters(constructor.GetParameters())})",
        PropertyInfo property => $"{Name(property.PropertyType)} {property.Name} {{ {Accessors(property)}}}",
        FieldInfo { IsSpecialName: true } => null,
        FieldInfo field => $"{(field.IsLiteral ? "const " : field.IsStatic ? "static " : string.Empty)}{Name(field.FieldType)} {field.Name}",
        EventInfo @event => $"event {Name(@event.EventHandlerType!)} {@event.Name}",
        Type nested => $"nested {nested.Name}",
        _ => member.ToString(),
    };

    private static string Accessors(PropertyInfo property)
    {
        var text = new StringBuilder();
        if (property.GetMethod is { IsPublic: true })
        {
            text.Append("get; ");
        }

        if (property.SetMethod is { IsPublic: true } setter)
        {
            var isInit = setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit");
            text.Append(isInit ? "init; " : "set; ");
        }

        return text.ToString();
    }

    private static string Generics(MethodInfo method) =>
        method.IsGenericMethodDefinition ? $"<{string.Join(", ", method.GetGenericArguments().Select(a => a.Name))}>" : string.Empty;

    private static string Parameters(ParameterInfo[] parameters) =>
        string.Join(", ", parameters.Select(p => $"{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : string.Empty)}"));

    private static string Name(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (type.IsByRef)
        {
            return "ref " + Name(type.GetElementType()!);
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        if (!type.IsGenericType)
        {
            return type.FullName ?? type.Name;
        }

        var definition = type.GetGenericTypeDefinition().FullName!;
        var tick = definition.IndexOf('`', StringComparison.Ordinal);
        return $"{definition[..tick]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>";
    }
}
