using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedTasks.Generators;

/// <summary>
/// Turns a task type into a <see cref="TaskModel"/>, or into nothing when the task cannot be generated (the
/// analyzer reports why; the generator stays silent).
/// </summary>
internal static class TaskParser
{
    public static TaskModel? Parse(INamedTypeSymbol type, KnownTypeSymbols known, CancellationToken cancellationToken)
    {
        if (known.IBacktask is null || !type.Interfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, known.IBacktask)))
            return null;
        if (type.IsGenericType || type.IsAbstract || type.IsStatic || !IsPartialChain(type, cancellationToken))
            return null;
        for (var container = type.ContainingType; container is not null; container = container.ContainingType)
        {
            if (container.IsGenericType)
                return null;
        }
        if (!IsReachable(type))
            return null;

        var run = ParseRun(type, known, out var resultReader);
        if (run is null)
            return null;
        var reader = resultReader;
        var payload = reader.ReadObject(type, out _, isTask: true);
        if (payload is null)
            return null;

        string wireName = TaskNames.Declared(type, known.BacktaskAttribute) ?? TaskNames.Default(type);
        if (!TaskNames.IsValid(wireName))
            return null;

        var containers = new List<ContainingTypeModel>();
        for (var container = type.ContainingType; container is not null; container = container.ContainingType)
            containers.Insert(0, new ContainingTypeModel(Keyword(container), Identifiers.Escape(container.Name)));

        return new TaskModel(
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString(EscapedNames) : null,
            new EquatableArray<ContainingTypeModel>(containers),
            Identifiers.Escape(type.Name),
            Keyword(type),
            TypeShapeReader.FullName(type),
            FrameworkTypes.MetadataName(type),
            wireName,
            IsPublic(type),
            type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.CodeDom.Compiler.GeneratedCodeAttribute"),
            PerformClassName(type.ContainingNamespace, known.Compilation),
            ParseOptions(type, known),
            payload,
            new EquatableArray<ObjectShape>(reader.Objects.Where(o => o.Id != payload.Id).OrderBy(o => o.Id, System.StringComparer.Ordinal)),
            run,
            new EquatableArray<string>(reader.ObsoleteWarnings.Concat(ObsoleteWarnings.Of(type)).Distinct().OrderBy(id => id, System.StringComparer.Ordinal)));
    }

    /// <summary>The name of the static class holding the <c>Perform*</c> methods of a namespace's tasks.</summary>
    public const string PerformClassBaseName = "TypedTasksPerformExtensions";

    private static readonly SymbolDisplayFormat EscapedNames = SymbolDisplayFormat.CSharpErrorMessageFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <summary>
    /// One static class per namespace holds the <c>Perform*</c> methods of all its tasks, each task adding its methods
    /// to it as a partial declaration, so tasks never collide with each other (a nested <c>Orders.Cancel</c> beside an
    /// <c>OrdersCancel</c>). Its name is <see cref="PerformClassBaseName"/>, or that name and a number when a type of
    /// this compilation or of a reference (another assembly's generated class) already has it.
    /// </summary>
    private static string PerformClassName(INamespaceSymbol declared, Compilation compilation)
    {
        var ns = compilation.GetCompilationNamespace(declared) ?? declared;
        string name = PerformClassBaseName;
        for (int n = 2; ns.GetTypeMembers(name).Length > 0; n++)
            name = PerformClassBaseName + n;
        return name;
    }

    private static RunMethodModel? ParseRun(INamedTypeSymbol type, KnownTypeSymbols known, out TypeShapeReader reader)
    {
        reader = new TypeShapeReader(known);
        var method = RunAsyncMethods.FindRunAsync(type);
        if (method is null || method.IsGenericMethod || method.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
            return null;
        string? kind = null;
        TypeShape? result = null;
        var returnType = method.ReturnType as INamedTypeSymbol;
        if (KnownTypeSymbols.Is(returnType, known.Task) && !returnType!.IsGenericType)
            kind = "Task";
        else if (KnownTypeSymbols.Is(returnType, known.ValueTask))
            kind = "ValueTask";
        else if (KnownTypeSymbols.Is(returnType, known.TaskOfT))
            kind = "TaskOfT";
        else if (KnownTypeSymbols.Is(returnType, known.ValueTaskOfT))
            kind = "ValueTaskOfT";
        if (kind is null)
            return null;
        if (kind.EndsWith("OfT", System.StringComparison.Ordinal))
        {
            result = reader.Read(returnType!.TypeArguments[0], out _);
            if (result is null)
                return null;
        }

        var parameters = new List<RunParameterModel>();
        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None)
                return null;
            if (KnownTypeSymbols.Is(parameter.Type, known.TaskContext))
                parameters.Add(new RunParameterModel("context", null));
            else if (KnownTypeSymbols.Is(parameter.Type, known.CancellationToken))
                parameters.Add(new RunParameterModel("token", null));
            else if (RunAsyncMethods.IsServiceType(parameter.Type))
                parameters.Add(new RunParameterModel("service", TypeShapeReader.FullName(parameter.Type)));
            else
                return null;
        }
        return new RunMethodModel(kind, result, new EquatableArray<RunParameterModel>(parameters));
    }

    private static TaskOptionsModel ParseOptions(INamedTypeSymbol type, KnownTypeSymbols known)
    {
        string? queue = null;
        int maxRetries = -1, timeout = 0, uniqueFor = 0, uniqueMode = 0, keep = 0, retention = -1;
        bool unique = false;
        foreach (var attribute in type.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, known.BacktaskAttribute))
                continue;
            foreach (var argument in attribute.NamedArguments)
            {
                object? value = argument.Value.Value;
                switch (argument.Key)
                {
                    case "Queue": queue = value as string; break;
                    case "MaxRetries": maxRetries = value is int r ? r : -1; break;
                    case "TimeoutSeconds": timeout = value is int t ? t : 0; break;
                    case "Unique": unique = value is true; break;
                    case "UniqueForSeconds": uniqueFor = value is int u ? u : 0; break;
                    case "UniqueMode": uniqueMode = value is int m ? m : 0; break;
                    case "KeepResultForSeconds": keep = value is int k ? k : 0; break;
                    case "Retention": retention = value is int n ? n : -1; break;
                }
            }
        }
        bool backoff = type.GetMembers("Backoff").OfType<IMethodSymbol>().Any(m =>
            m.IsStatic && m.Parameters.Length == 1 && m.Parameters[0].Type.SpecialType == SpecialType.System_Int32 &&
            KnownTypeSymbols.Is(m.ReturnType, known.TimeSpan) && m.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.Private);
        return new TaskOptionsModel(queue, maxRetries, timeout, unique, uniqueFor, uniqueMode, keep, backoff, retention);
    }

    private static bool IsPartialChain(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            bool partial = current.DeclaringSyntaxReferences.Any(r =>
                r.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration &&
                declaration.Modifiers.Any(m => m.Text == "partial"));
            if (!partial)
                return false;
        }
        return true;
    }

    private static bool IsReachable(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsFileLocal || current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
                return false;
        }
        return true;
    }

    private static bool IsPublic(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility != Accessibility.Public)
                return false;
        }
        return true;
    }

    private static string Keyword(INamedTypeSymbol type) => (type.IsRecord, type.TypeKind) switch
    {
        (true, TypeKind.Struct) => "record struct",
        (true, _) => "record",
        (false, TypeKind.Struct) => "struct",
        (false, TypeKind.Interface) => "interface",
        _ => "class",
    };
}
