using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedTasks.Generators;

namespace TypedTasks.Analyzers;

/// <summary>
/// TT2001, TT2002, TT2004, TT2005: the payload members of a task, classified by the generator's own
/// <see cref="TypeShapeReader"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TaskMemberAnalyzer : TaskAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public TaskMemberAnalyzer()
        : base(
            Descriptors.TT2001_UnsupportedMemberType,
            Descriptors.TT2002_ServiceMember,
            Descriptors.TT2004_DuplicateWireKey,
            Descriptors.TT2005_DeclaredShapeOnly)
    {
    }

    /// <inheritdoc />
    private protected override void RegisterActions(CompilationStartAnalysisContext start, KnownTypeSymbols known)
    {
        var derived = new DerivedTypes(start.Compilation);
        start.RegisterSymbolAction(symbol => Analyze(symbol, known, derived), SymbolKind.NamedType);
    }

    private static void Analyze(SymbolAnalysisContext context, KnownTypeSymbols known, DerivedTypes derived)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var ct = context.CancellationToken;
        // Generic and abstract tasks are TT1002/TT1005 already; their members are not read either way.
        if (!TaskTypes.IsDeclaredTask(type, known, ct) || TaskTypes.IsGenericOrInGeneric(type) || type.IsAbstract)
            return;
        if (PayloadMember.ReadAll(type, known) is not { } members)
            return;

        string task = type.ToDisplayString();
        var reader = new TypeShapeReader(known);
        var byWireName = new Dictionary<string, PayloadMember>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            var shape = reader.Read(member.Type, out var error);
            if (shape is null)
                ReportUnsupported(context, type, task, member, error!, reader);
            else
                ReportDerivedTypes(context, type, task, member, shape, derived);

            if (byWireName.TryGetValue(member.WireName, out var first))
            {
                var location = member.WireNameAttribute?.ApplicationSyntaxReference?.GetSyntax(ct).GetLocation() ?? Locations.Name(type, member.Symbol, ct);
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.TT2004_DuplicateWireKey, location, task, first.Symbol.Name, member.Symbol.Name, member.WireName));
            }
            else
            {
                byWireName.Add(member.WireName, member);
            }
        }
    }

    private static void ReportUnsupported(SymbolAnalysisContext context, INamedTypeSymbol type, string task, PayloadMember member, ShapeError error, TypeShapeReader reader)
    {
        var location = Locations.Type(type, member.Symbol, context.CancellationToken);
        string typeName = member.Type.ToDisplayString();
        // Only the service itself belongs in RunAsync; a record that contains a logger is a data type to fix.
        var service = reader.ServiceReason(Unwrapped(member.Type));
        context.ReportDiagnostic(service is not null
            ? Diagnostic.Create(Descriptors.TT2002_ServiceMember, location, task, member.Symbol.Name, typeName, service)
            : Diagnostic.Create(Descriptors.TT2001_UnsupportedMemberType, location, task, member.Symbol.Name, typeName, error.Reason));
    }

    private static void ReportDerivedTypes(SymbolAnalysisContext context, INamedTypeSymbol type, string task, PayloadMember member, TypeShape shape, DerivedTypes derived)
    {
        foreach (var userType in UserTypes(member.Type, shape).Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default))
        {
            if (userType.TypeKind == TypeKind.Class && !userType.IsSealed && derived.HasDerivedTypes(userType, context.CancellationToken))
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.TT2005_DeclaredShapeOnly, Locations.Type(type, member.Symbol, context.CancellationToken),
                    task, member.Symbol.Name, userType.ToDisplayString()));
        }
    }

    /// <summary>The user types a shape writes as maps: the type itself, or the elements and values of its collections.</summary>
    private static IEnumerable<INamedTypeSymbol> UserTypes(ITypeSymbol type, TypeShape shape)
    {
        switch (shape.Kind)
        {
            case ShapeKind.UserType when type is INamedTypeSymbol named:
                return new[] { named };
            case ShapeKind.NullableValue when type is INamedTypeSymbol { TypeArguments.Length: 1 } nullable:
                return UserTypes(nullable.TypeArguments[0], shape.Element!);
            case ShapeKind.Sequence when type is IArrayTypeSymbol array:
                return UserTypes(array.ElementType, shape.Element!);
            case ShapeKind.Sequence when type is INamedTypeSymbol { TypeArguments.Length: 1 } sequence:
                return UserTypes(sequence.TypeArguments[0], shape.Element!);
            case ShapeKind.Dictionary when type is INamedTypeSymbol { TypeArguments.Length: 2 } dictionary:
                return UserTypes(dictionary.TypeArguments[1], shape.Element!);
            default:
                return Enumerable.Empty<INamedTypeSymbol>();
        }
    }

    private static ITypeSymbol Unwrapped(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;
}
