using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedTasks.Analyzers;

/// <summary>
/// Where member diagnostics go: the member's type or name in the task's own declaration. A member inherited from a
/// base type is reported on the task's name, since the task is what the generator reads.
/// </summary>
internal static class Locations
{
    public static Location Type(INamedTypeSymbol task, ISymbol member, CancellationToken cancellationToken) =>
        Own(task, member, cancellationToken) switch
        {
            ParameterSyntax { Type: { } type } => type.GetLocation(),
            PropertyDeclarationSyntax property => property.Type.GetLocation(),
            VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } => declaration.Type.GetLocation(),
            _ => TaskTypes.IdentifierLocation(task, cancellationToken),
        };

    public static Location Name(INamedTypeSymbol task, ISymbol member, CancellationToken cancellationToken) =>
        Own(task, member, cancellationToken) switch
        {
            ParameterSyntax parameter => parameter.Identifier.GetLocation(),
            PropertyDeclarationSyntax property => property.Identifier.GetLocation(),
            VariableDeclaratorSyntax variable => variable.Identifier.GetLocation(),
            _ => TaskTypes.IdentifierLocation(task, cancellationToken),
        };

    private static SyntaxNode? Own(INamedTypeSymbol task, ISymbol member, CancellationToken cancellationToken) =>
        SymbolEqualityComparer.Default.Equals(member.ContainingType, task)
            ? member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken)
            : null;
}
