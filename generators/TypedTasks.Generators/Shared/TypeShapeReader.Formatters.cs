using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedTasks.Generators;

/// <summary>The user formatters a type can be written by, and why one cannot be used.</summary>
internal sealed partial class TypeShapeReader
{
    /// <summary>
    /// The user's formatter for <paramref name="type"/>: the one its <c>[MessagePackFormatter]</c> names, else the one
    /// the compilation declares (<c>IMessagePackFormatter&lt;T&gt;</c>). TypedTasks' own mapping of the types above
    /// comes first, so a formatter cannot change how stored jobs of primitives or collections decode.
    /// </summary>
    private FormatterModel? UserFormatter(INamedTypeSymbol type, out ShapeError? error)
    {
        error = null;
        if (_known.IMessagePackFormatterOfT is null)
            return null;
        INamedTypeSymbol? formatter = null;
        foreach (var attribute in type.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _known.MessagePackFormatterAttribute))
                continue;
            if (attribute.ConstructorArguments.Length > 1 && attribute.ConstructorArguments[1] is { Kind: TypedConstantKind.Array, Values.Length: > 0 })
            {
                error = new ShapeError("has a [MessagePackFormatter] with constructor arguments, which TypedTasks does not pass (give the formatter a parameterless constructor or a static Instance)", false);
                return null;
            }
            formatter = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as INamedTypeSymbol : null;
            if (formatter is null)
            {
                error = new ShapeError("has a [MessagePackFormatter] that names no formatter type", false);
                return null;
            }
        }
        if (formatter is null)
        {
            var declared = _known.DeclaredFormattersFor(type);
            if (declared.Count == 0)
                return null;
            if (declared.Count > 1)
            {
                error = new ShapeError($"has {declared.Count} formatters in this compilation ({string.Join(", ", declared.Select(f => f.Name))}); keep one, or choose one with [MessagePackFormatter] on the type", false);
                return null;
            }
            formatter = declared[0];
        }
        return CheckFormatter(formatter, type, out error);
    }

    private FormatterModel? CheckFormatter(INamedTypeSymbol formatter, INamedTypeSymbol type, out ShapeError? error)
    {
        error = null;
        string name = formatter.Name;
        var contract = formatter.AllInterfaces.FirstOrDefault(i =>
            SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, _known.IMessagePackFormatterOfT) &&
            SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], type));
        if (contract is null)
            error = new ShapeError($"has a [MessagePackFormatter] naming {name}, which is not an IMessagePackFormatter<{type.Name}>", false);
        else if (formatter.IsAbstract || formatter.IsGenericType)
            error = new ShapeError($"has the formatter {name}, which is abstract or generic, so TypedTasks cannot create it", false);
        else if (!IsAccessible(formatter))
            error = new ShapeError($"has the formatter {name}, which is not accessible to generated code (make it public or internal)", false);
        else if (UsesOptions(formatter, contract) is { } method)
            error = new ShapeError($"has the formatter {name}, whose {method} uses its MessagePackSerializerOptions argument: TypedTasks calls formatters with none (creating MessagePackSerializerOptions brings NativeAOT warnings), so read and write through the reader and writer alone", false);
        if (error is not null)
            return null;

        string formatterName = FullName(formatter);
        bool hasInstance = formatter.GetMembers("Instance").Any(m => m.IsStatic && m.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal &&
            (m is IFieldSymbol f && SymbolEqualityComparer.Default.Equals(f.Type, formatter) || m is IPropertySymbol p && SymbolEqualityComparer.Default.Equals(p.Type, formatter)));
        if (hasInstance)
            return new FormatterModel(formatterName, formatterName + ".Instance");
        bool canCreate = formatter.IsValueType || formatter.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal);
        if (canCreate)
            return new FormatterModel(formatterName, $"new {formatterName}()");
        error = new ShapeError($"has the formatter {name}, which has neither a parameterless constructor nor a static Instance TypedTasks can use", false);
        return null;
    }

    /// <summary>The formatter method (declared in source) that reads its options parameter, if one does.</summary>
    private static string? UsesOptions(INamedTypeSymbol formatter, INamedTypeSymbol contract)
    {
        foreach (var member in contract.GetMembers().OfType<IMethodSymbol>())
        {
            if (formatter.FindImplementationForInterfaceMember(member) is not IMethodSymbol { Parameters.Length: > 0 } method)
                continue;
            string options = method.Parameters[method.Parameters.Length - 1].Name;
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var body = reference.GetSyntax() switch
                {
                    MethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody,
                    _ => null,
                };
                if (body is not null && body.DescendantNodes().OfType<IdentifierNameSyntax>().Any(i => i.Identifier.ValueText == options))
                    return member.Name;
            }
        }
        return null;
    }
}
