using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedTasks.Generators;

namespace TypedTasks.Analyzers;

/// <summary>
/// What every TypedTasks analyzer shares: it declares its rules once, skips generated code, runs concurrently, and
/// registers nothing in a compilation that does not reference TypedTasks.
/// </summary>
public abstract class TaskAnalyzer : DiagnosticAnalyzer
{
    private protected TaskAnalyzer(params DiagnosticDescriptor[] supportedDiagnostics) =>
        SupportedDiagnostics = ImmutableArray.Create(supportedDiagnostics);

    /// <inheritdoc />
    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    /// <inheritdoc />
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var known = new KnownTypeSymbols(start.Compilation);
            if (known.IBacktask is not null)
                RegisterActions(start, known);
        });
    }

    /// <summary>Registers the analyzer's actions in a compilation that references TypedTasks.</summary>
    private protected abstract void RegisterActions(CompilationStartAnalysisContext start, KnownTypeSymbols known);
}
