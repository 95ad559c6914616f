using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedTasks.Generators;

namespace TypedTasks.Analyzers;

/// <summary>Which types the generator treats as tasks, judged the way it discovers them.</summary>
internal static class TaskTypes
{
    /// <summary>
    /// Whether the generator picks <paramref name="type"/> up: a class or struct that lists <c>IBacktask</c> itself,
    /// spelled <c>IBacktask</c> in a base list (the generator's predicate is syntactic, so aliases are missed).
    /// </summary>
    public static bool IsDeclaredTask(INamedTypeSymbol type, KnownTypeSymbols known, CancellationToken cancellationToken) =>
        type.TypeKind is TypeKind.Class or TypeKind.Struct &&
        known.IBacktask is not null &&
        type.Interfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, known.IBacktask)) &&
        type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax { BaseList: { } list } && NamesIBacktask(list));

    /// <summary>Whether a base list names a type whose rightmost identifier is <c>IBacktask</c>.</summary>
    public static bool NamesIBacktask(BaseListSyntax list) =>
        list.Types.Any(t => RightmostName(t.Type) == "IBacktask");

    /// <summary>Whether the task or one of its containing types is generic (the generator skips it).</summary>
    public static bool IsGenericOrInGeneric(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.TypeParameters.Length > 0)
                return true;
        }
        return false;
    }

    public static string? RightmostName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The identifier of the type's first declaration, where type-level diagnostics go.</summary>
    public static Location IdentifierLocation(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is BaseTypeDeclarationSyntax declaration)
                return declaration.Identifier.GetLocation();
        }
        return type.Locations.FirstOrDefault() ?? Location.None;
    }

    /// <summary>Whether any declaration of the type carries the <c>partial</c> modifier.</summary>
    public static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.Any(r =>
            r.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));
}
