namespace TypedTasks.Generators;

/// <summary>Everything emitted for one task, as equatable data (no symbols or syntax).</summary>
/// <param name="Namespace">The task's namespace as C# names it (keywords escaped), or null for the global namespace.</param>
/// <param name="ContainingTypes">The types the task is nested in, outermost first.</param>
/// <param name="TypeName">The task's own name as C# names it (<c>@event</c>).</param>
/// <param name="Keyword">record, record struct, class or struct.</param>
/// <param name="FullTypeName">The fully qualified name (<c>global::...</c>).</param>
/// <param name="HintName">The generated file's name, unique per task: its metadata name (<c>Ns.Outer+Inner</c>).</param>
/// <param name="WireName">The task's wire name.</param>
/// <param name="IsPublic">Whether the task and every type containing it are public.</param>
/// <param name="DeclaresGeneratedCode">Whether the user's own declaration already carries <c>[GeneratedCode]</c>.</param>
/// <param name="PerformClassName">The namespace's static class of <c>Perform*</c> methods (see <c>TaskParser.PerformClassName</c>).</param>
/// <param name="Options">The options of <c>[Backtask]</c>.</param>
/// <param name="Payload">The task's own members.</param>
/// <param name="UserTypes">The records, classes and structs its members use, transitively, other than the task.</param>
/// <param name="Run">How <c>RunAsync</c> is called.</param>
/// <param name="ObsoleteWarnings">The warnings generated code disables for the obsolete things it uses (<c>ObsoleteWarnings</c>).</param>
internal sealed record TaskModel(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string TypeName,
    string Keyword,
    string FullTypeName,
    string HintName,
    string WireName,
    bool IsPublic,
    bool DeclaresGeneratedCode,
    string PerformClassName,
    TaskOptionsModel Options,
    ObjectShape Payload,
    EquatableArray<ObjectShape> UserTypes,
    RunMethodModel Run,
    EquatableArray<string> ObsoleteWarnings);

/// <summary>A type the task is nested in.</summary>
/// <param name="Keyword">Its keyword (class, struct, record, record struct, interface).</param>
/// <param name="Name">Its name as C# names it (keywords escaped).</param>
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
