using Mono.Cecil;

namespace PluginHost.Tests.Architecture;

/// <summary>
/// Every type a type definition's own metadata and IL mention: signatures, attributes, generic
/// constraints, locals, catch clauses and every token operand, with member references, generic
/// instantiations, arrays, pointers and modifiers taken apart down to their named types.
/// Nested types are not followed: <see cref="ModuleDefinition.GetTypes"/> visits them in their own right.
/// </summary>
internal sealed class TypeReferences
{
    private readonly List<TypeReference> _found = [];

    private TypeReferences()
    {
    }

    public static IReadOnlyList<TypeReference> Of(TypeDefinition type)
    {
        var references = new TypeReferences();
        references.AddDefinition(type);
        return references._found;
    }

    private void AddDefinition(TypeDefinition type)
    {
        AddType(type.BaseType);
        AddAttributes(type);
        AddGenericParameters(type);
        foreach (var implementation in type.Interfaces)
        {
            AddType(implementation.InterfaceType);
            AddAttributes(implementation);
        }

        foreach (var field in type.Fields)
        {
            AddType(field.FieldType);
            AddAttributes(field);
        }

        foreach (var property in type.Properties)
        {
            AddType(property.PropertyType);
            AddAttributes(property);
            AddParameters(property.Parameters);
        }

        foreach (var @event in type.Events)
        {
            AddType(@event.EventType);
            AddAttributes(@event);
        }

        foreach (var method in type.Methods)
        {
            AddMethodDefinition(method);
        }
    }

    private void AddMethodDefinition(MethodDefinition method)
    {
        AddMethod(method);
        AddAttributes(method);
        AddAttributes(method.MethodReturnType);
        AddGenericParameters(method);
        foreach (var parameter in method.Parameters)
        {
            AddAttributes(parameter);
        }

        // Explicit interface implementations name the interface member they implement.
        foreach (var implemented in method.Overrides)
        {
            AddMethod(implemented);
        }

        if (!method.HasBody)
        {
            return;
        }

        foreach (var variable in method.Body.Variables)
        {
            AddType(variable.VariableType);
        }

        foreach (var handler in method.Body.ExceptionHandlers)
        {
            AddType(handler.CatchType);
        }

        foreach (var instruction in method.Body.Instructions)
        {
            AddOperand(instruction.Operand);
        }
    }

    private void AddOperand(object? operand)
    {
        switch (operand)
        {
            case TypeReference type:
                AddType(type);
                break;
            case MethodReference method:
                AddMethod(method);
                break;
            case FieldReference field:
                AddType(field.DeclaringType);
                AddType(field.FieldType);
                break;
            case CallSite site:
                AddType(site.ReturnType);
                AddParameters(site.Parameters);
                break;
            default:
                // Branch targets, locals, arguments and constants name no type.
                break;
        }
    }

    private void AddMethod(MethodReference method)
    {
        if (method is GenericInstanceMethod instance)
        {
            AddTypes(instance.GenericArguments);
            method = instance.ElementMethod;
        }

        AddType(method.DeclaringType);
        AddType(method.ReturnType);
        AddParameters(method.Parameters);
    }

    private void AddParameters(IEnumerable<ParameterDefinition> parameters)
    {
        foreach (var parameter in parameters)
        {
            AddType(parameter.ParameterType);
        }
    }

    private void AddTypes(IEnumerable<TypeReference> types)
    {
        foreach (var type in types)
        {
            AddType(type);
        }
    }

    private void AddType(TypeReference? type)
    {
        switch (type)
        {
            case null or GenericParameter:
                // An open generic parameter is checked through its constraints where it is declared.
                break;
            case GenericInstanceType instance:
                AddType(instance.ElementType);
                AddTypes(instance.GenericArguments);
                break;
            case FunctionPointerType pointer:
                // Checked before TypeSpecification: a function pointer has no element type.
                AddType(pointer.ReturnType);
                AddParameters(pointer.Parameters);
                break;
            case IModifierType modified:
                AddType(modified.ModifierType);
                AddType(modified.ElementType);
                break;
            case TypeSpecification specification:
                // Arrays, by-refs, pointers, pinned and sentinel types wrap one element type.
                AddType(specification.ElementType);
                break;
            default:
                _found.Add(type);
                break;
        }
    }

    private void AddGenericParameters(IGenericParameterProvider provider)
    {
        foreach (var parameter in provider.GenericParameters)
        {
            AddAttributes(parameter);
            foreach (var constraint in parameter.Constraints)
            {
                AddType(constraint.ConstraintType);
                AddAttributes(constraint);
            }
        }
    }

    private void AddAttributes(ICustomAttributeProvider provider)
    {
        foreach (var attribute in provider.CustomAttributes)
        {
            AddMethod(attribute.Constructor);
            // typeof(X) and enum values among an attribute's arguments name types too.
            foreach (var argument in attribute.ConstructorArguments)
            {
                AddArgument(argument);
            }

            foreach (var named in attribute.Fields.Concat(attribute.Properties))
            {
                AddArgument(named.Argument);
            }
        }
    }

    private void AddArgument(CustomAttributeArgument argument)
    {
        AddType(argument.Type);
        switch (argument.Value)
        {
            case TypeReference type:
                AddType(type);
                break;
            case CustomAttributeArgument boxed:
                AddArgument(boxed);
                break;
            case CustomAttributeArgument[] array:
                foreach (var element in array)
                {
                    AddArgument(element);
                }

                break;
            default:
                break;
        }
    }
}
