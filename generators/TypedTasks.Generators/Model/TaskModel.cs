namespace TypedTasks.Generators;

/// <summary>Everything emitted for one task, as equatable data (no symbols or syntax).</summary>
internal sealed record TaskModel(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string TypeName,
    string Keyword,
    string FullTypeName,
    string WireName,
    bool IsPublic,
    TaskOptionsModel Options,
    ObjectShape Payload,
    EquatableArray<ObjectShape> UserTypes,
    RunMethodModel Run)
{
    /// <summary>The name of the static class holding the task's Perform* extension methods.</summary>
    public string ExtensionsName => string.Concat(System.Linq.Enumerable.Select(ContainingTypes, c => c.Name)) + TypeName + "Extensions";
}

/// <summary>A type the task is nested in.</summary>
internal sealed record ContainingTypeModel(string Keyword, string Name);

/// <summary>The values of <c>[Backtask]</c> and whether the task declares <c>static TimeSpan Backoff(int)</c>.</summary>
internal sealed record TaskOptionsModel(
    string? Queue,
    int MaxRetries,
    int TimeoutSeconds,
    bool Unique,
    int UniqueForSeconds,
    int UniqueMode,
    int KeepResultForSeconds,
    bool HasBackoff,
    int Retention);

/// <summary>How the task's <c>RunAsync</c> is called and what it returns.</summary>
/// <param name="ReturnKind">Task, ValueTask, TaskOfT or ValueTaskOfT.</param>
/// <param name="Result">The shape of T for the generic kinds.</param>
/// <param name="Parameters">Each parameter's source.</param>
internal sealed record RunMethodModel(string ReturnKind, TypeShape? Result, EquatableArray<RunParameterModel> Parameters);

/// <summary>A <c>RunAsync</c> parameter: the job's <c>TaskContext</c>, its <c>CancellationToken</c>, or a service.</summary>
internal sealed record RunParameterModel(string Source, string? ServiceType);
