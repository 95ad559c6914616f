using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedTasks.Generators;

namespace TypedTasks.Analyzers;

/// <summary>
/// TT3001 and TT3002: every task's wire name is valid and unique within the compilation; TT3003 (off by default):
/// the name is pinned rather than derived from the type name.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TaskNameAnalyzer : TaskAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public TaskNameAnalyzer()
        : base(
            Descriptors.TT3001_DuplicateTaskName,
            Descriptors.TT3002_InvalidTaskName,
            Descriptors.TT3003_UnpinnedTaskName)
    {
    }

    /// <inheritdoc />
    private protected override void RegisterActions(CompilationStartAnalysisContext start, KnownTypeSymbols known)
    {
        var named = new ConcurrentBag<NamedTask>();
        start.RegisterSymbolAction(symbol => Collect(symbol, known, named), SymbolKind.NamedType);
        start.RegisterCompilationEndAction(end => ReportDuplicates(end, named));
    }

    private static void Collect(SymbolAnalysisContext context, KnownTypeSymbols known, ConcurrentBag<NamedTask> named)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var ct = context.CancellationToken;
        // A generic task has no wire name at all (TT1002).
        if (!TaskTypes.IsDeclaredTask(type, known, ct) || TaskTypes.IsGenericOrInGeneric(type))
            return;
        string? declared = TaskNames.Declared(type, known.BacktaskAttribute);
        string name = declared ?? TaskNames.Default(type);
        var location = (declared is null ? null : NameArgumentLocation(type, known, ct)) ?? TaskTypes.IdentifierLocation(type, ct);
        if (!TaskNames.IsValid(name))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.TT3002_InvalidTaskName, location, name, type.ToDisplayString()));
            return;
        }
        if (declared is null)
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.TT3003_UnpinnedTaskName, location, type.ToDisplayString(), name));
        named.Add(new NamedTask(name, type.ToDisplayString(), location));
    }

    private static void ReportDuplicates(CompilationAnalysisContext context, ConcurrentBag<NamedTask> named)
    {
        foreach (var group in named.GroupBy(t => t.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var tasks = group.OrderBy(t => t.TypeName, StringComparer.Ordinal).ToList();
            foreach (var task in tasks)
            {
                var other = tasks.First(t => t != task);
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.TT3001_DuplicateTaskName, task.Location, group.Key, task.TypeName, other.TypeName));
            }
        }
    }

    /// <summary>The <c>Name = "..."</c> argument of the task's <c>[Backtask]</c>.</summary>
    private static Location? NameArgumentLocation(INamedTypeSymbol type, KnownTypeSymbols known, CancellationToken ct)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, known.BacktaskAttribute) ||
                attribute.ApplicationSyntaxReference?.GetSyntax(ct) is not AttributeSyntax { ArgumentList: { } arguments })
                continue;
            var name = arguments.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "Name");
            if (name is not null)
                return name.Expression.GetLocation();
        }
        return null;
    }

    private sealed record NamedTask(string Name, string TypeName, Location Location);
}
