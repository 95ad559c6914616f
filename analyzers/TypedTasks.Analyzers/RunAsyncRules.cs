using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedTasks.Generators;

namespace TypedTasks.Analyzers;

/// <summary>
/// TT1003: the task's <c>RunAsync</c> as the generated runner needs it — exactly one instance method, public or
/// internal, not generic, returning Task, ValueTask, Task&lt;T&gt; or ValueTask&lt;T&gt; with a serializable T,
/// whose parameters are services, <c>TaskContext</c> or <c>CancellationToken</c>.
/// </summary>
internal static class RunAsyncRules
{
    public static void Check(SymbolAnalysisContext context, INamedTypeSymbol type, string task, KnownTypeSymbols known)
    {
        var ct = context.CancellationToken;
        var methods = RunAsyncMethods.Declared(type);
        if (methods.Count == 0)
        {
            var inherited = RunAsyncMethods.Inherited(type);
            Report(context, TaskTypes.IdentifierLocation(type, ct), task, inherited is null
                ? "has no RunAsync instance method"
                : $"inherits RunAsync from '{inherited.ContainingType.ToDisplayString()}', but the generated runner only calls one declared on the task itself");
            return;
        }
        if (methods.Count > 1)
        {
            foreach (var extra in methods.Skip(1))
                Report(context, Declaration(extra, ct)?.Identifier.GetLocation() ?? TaskTypes.IdentifierLocation(type, ct), task,
                    $"declares {methods.Count} RunAsync methods, but the generated runner calls exactly one");
            return;
        }

        var method = methods[0];
        var syntax = Declaration(method, ct);
        var name = syntax?.Identifier.GetLocation() ?? TaskTypes.IdentifierLocation(type, ct);
        if (method.IsGenericMethod)
            Report(context, name, task, "declares a generic RunAsync");
        if (method.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
            Report(context, name, task, $"declares RunAsync {SyntaxFacts.GetText(method.DeclaredAccessibility)}, so generated code cannot call it");
        CheckReturn(context, method, syntax?.ReturnType.GetLocation() ?? name, task, known);
        foreach (var parameter in method.Parameters)
            CheckParameter(context, parameter, task, known);
    }

    private static void CheckReturn(SymbolAnalysisContext context, IMethodSymbol method, Location location, string task, KnownTypeSymbols known)
    {
        var returnType = method.ReturnType as INamedTypeSymbol;
        if (method.ReturnsVoid)
        {
            Report(context, location, task, method.IsAsync
                ? "declares RunAsync 'async void', so a failure cannot fail the job and the worker cannot await it"
                : "declares RunAsync returning void, so the worker cannot await it");
            return;
        }
        bool plain = KnownTypeSymbols.Is(returnType, known.Task) && !returnType!.IsGenericType || KnownTypeSymbols.Is(returnType, known.ValueTask);
        bool withResult = KnownTypeSymbols.Is(returnType, known.TaskOfT) || KnownTypeSymbols.Is(returnType, known.ValueTaskOfT);
        if (!plain && !withResult)
        {
            Report(context, location, task, $"declares RunAsync returning '{method.ReturnType.ToDisplayString()}'");
            return;
        }
        if (withResult)
        {
            var result = returnType!.TypeArguments[0];
            if (new TypeShapeReader(known).Read(result, out var error) is null)
                Report(context, location, task, $"declares RunAsync whose result type '{result.ToDisplayString()}' {error!.Reason}, so the result cannot be stored");
        }
    }

    private static void CheckParameter(SymbolAnalysisContext context, IParameterSymbol parameter, string task, KnownTypeSymbols known)
    {
        var location = parameter.Locations.FirstOrDefault() ?? Location.None;
        if (parameter.RefKind != RefKind.None)
            Report(context, location, task, $"passes the RunAsync parameter '{parameter.Name}' by reference");
        else if (!KnownTypeSymbols.Is(parameter.Type, known.TaskContext) && !KnownTypeSymbols.Is(parameter.Type, known.CancellationToken) && !RunAsyncMethods.IsServiceType(parameter.Type))
            Report(context, location, task,
                $"takes the RunAsync parameter '{parameter.Name}' of type '{parameter.Type.ToDisplayString()}', which is neither a service (a class or interface), TaskContext nor CancellationToken");
    }

    private static MethodDeclarationSyntax? Declaration(IMethodSymbol method, System.Threading.CancellationToken ct) =>
        method.DeclaringSyntaxReferences.Select(r => r.GetSyntax(ct)).OfType<MethodDeclarationSyntax>().FirstOrDefault();

    private static void Report(SymbolAnalysisContext context, Location location, string task, string problem) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.TT1003_InvalidRunAsync, location, task, problem));
}
