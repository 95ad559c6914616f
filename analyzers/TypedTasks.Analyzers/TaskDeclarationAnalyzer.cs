using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedTasks.Generators;

namespace TypedTasks.Analyzers;

/// <summary>
/// TT1001–TT1006: a task type the generator would skip (not partial, generic, unreachable, abstract or without a
/// usable constructor, no valid <c>RunAsync</c>, or <c>IBacktask</c> only inherited).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TaskDeclarationAnalyzer : TaskAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public TaskDeclarationAnalyzer()
        : base(
            Descriptors.TT1001_TypeMustBePartial,
            Descriptors.TT1002_TaskMustNotBeGeneric,
            Descriptors.TT1003_InvalidRunAsync,
            Descriptors.TT1004_TaskMustBeAccessible,
            Descriptors.TT1005_TaskMustBeConstructible,
            Descriptors.TT1006_IBacktaskNotDeclared)
    {
    }

    /// <inheritdoc />
    private protected override void RegisterActions(CompilationStartAnalysisContext start, KnownTypeSymbols known)
    {
        start.RegisterSymbolAction(symbol => AnalyzeTask(symbol, known), SymbolKind.NamedType);
        var generatedTask = start.Compilation.GetTypeByMetadataName("TypedTasks.IGeneratedTask`1");
        start.RegisterSyntaxNodeAction(node => AnalyzeInheritedOnly(node, known, generatedTask),
            SyntaxKind.ClassDeclaration, SyntaxKind.StructDeclaration, SyntaxKind.RecordDeclaration, SyntaxKind.RecordStructDeclaration);
    }

    private static void AnalyzeTask(SymbolAnalysisContext context, KnownTypeSymbols known)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var ct = context.CancellationToken;
        if (!TaskTypes.IsDeclaredTask(type, known, ct))
            return;
        string task = type.ToDisplayString();

        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (!TaskTypes.IsPartial(current, ct))
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.TT1001_TypeMustBePartial, TaskTypes.IdentifierLocation(current, ct), current.ToDisplayString(), task));
            if (AccessProblem(current) is { } access)
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.TT1004_TaskMustBeAccessible, TaskTypes.IdentifierLocation(current, ct), task, current.ToDisplayString(), access));
        }

        var location = TaskTypes.IdentifierLocation(type, ct);
        if (type.TypeParameters.Length > 0)
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.TT1002_TaskMustNotBeGeneric, location, task, "is generic"));
        else if (TaskTypes.IsGenericOrInGeneric(type))
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.TT1002_TaskMustNotBeGeneric, location, task,
                $"is nested in the generic type '{GenericContainer(type)!.ToDisplayString()}'"));

        if (type.IsAbstract)
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.TT1005_TaskMustBeConstructible, location, task, "is abstract"));
        else if (PayloadMemberSelection.Select(type, known) is null)
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.TT1005_TaskMustBeConstructible, location, task, "has no constructor TypedTasks can call"));

        RunAsyncRules.Check(context, type, task, known);
    }

    /// <summary>
    /// TT1006: a concrete type that gets <c>IBacktask</c> from a base type, an interface or an alias. A type that
    /// implements <c>IGeneratedTask&lt;T&gt;</c> by hand needs no generated code, so it is left alone.
    /// </summary>
    private static void AnalyzeInheritedOnly(SyntaxNodeAnalysisContext context, KnownTypeSymbols known, INamedTypeSymbol? generatedTask)
    {
        var declaration = (TypeDeclarationSyntax)context.Node;
        if (declaration.BaseList is not { } baseList)
            return;
        if (context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not INamedTypeSymbol type || type.IsAbstract)
            return;
        if (!type.AllInterfaces.Contains(known.IBacktask!, SymbolEqualityComparer.Default) || TaskTypes.IsDeclaredTask(type, known, context.CancellationToken))
            return;
        if (type.AllInterfaces.Any(i => KnownTypeSymbols.Is(i, generatedTask) && SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], type)))
            return;

        foreach (var entry in baseList.Types)
        {
            if (context.SemanticModel.GetTypeInfo(entry.Type, context.CancellationToken).Type is not INamedTypeSymbol baseType)
                continue;
            string? through = null;
            if (SymbolEqualityComparer.Default.Equals(baseType, known.IBacktask))
                through = $"the alias '{entry.Type}'";
            else if (baseType.AllInterfaces.Contains(known.IBacktask!, SymbolEqualityComparer.Default))
                through = $"{(baseType.TypeKind == TypeKind.Interface ? "the interface" : "the base type")} '{baseType.ToDisplayString()}'";
            if (through is not null)
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.TT1006_IBacktaskNotDeclared, entry.Type.GetLocation(), type.ToDisplayString(), through));
        }
    }

    private static string? AccessProblem(INamedTypeSymbol type)
    {
        if (type.IsFileLocal)
            return "file-local";
        return type.DeclaredAccessibility switch
        {
            Accessibility.Public or Accessibility.Internal => null,
            Accessibility.Private => "private",
            Accessibility.Protected => "protected",
            Accessibility.ProtectedAndInternal => "private protected",
            Accessibility.ProtectedOrInternal => "protected internal",
            _ => "not accessible",
        };
    }

    private static INamedTypeSymbol? GenericContainer(INamedTypeSymbol type)
    {
        for (var current = type.ContainingType; current is not null; current = current.ContainingType)
        {
            if (current.TypeParameters.Length > 0)
                return current;
        }
        return null;
    }
}
