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
            containers.Insert(0, new ContainingTypeModel(Keyword(container), container.Name));

        return new TaskModel(
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            new EquatableArray<ContainingTypeModel>(containers),
            type.Name,
            Keyword(type),
            TypeShapeReader.FullName(type),
            wireName,
            IsPublic(type),
            ParseOptions(type, known),
            payload,
            new EquatableArray<ObjectShape>(reader.Objects.OrderBy(o => o.Id, System.StringComparer.Ordinal)),
            run);
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
