using Microsoft.CodeAnalysis;

namespace TypedTasks.Analyzers;

/// <summary>
/// Every diagnostic TypedTasks reports. Bands: TT1xxx declaration, TT2xxx serialization, TT3xxx naming. Messages
/// state the problem, then the fix; each id has a help page under <c>analyzers/TypedTasks.Analyzers/Docs</c>.
/// </summary>
internal static class Descriptors
{
    /// <summary>Where the help pages live; the help link of a rule is this plus <c>{id}.md</c>.</summary>
    public const string HelpLinkBase = "https://github.com/typedtasks/typedtasks/blob/main/analyzers/TypedTasks.Analyzers/Docs/";

    private const string Declaration = "TypedTasks.Declaration";
    private const string Serialization = "TypedTasks.Serialization";
    private const string Naming = "TypedTasks.Naming";

    public static readonly DiagnosticDescriptor TT1001_TypeMustBePartial = new DiagnosticDescriptor(
        "TT1001", "Task types and the types containing them must be partial",
        "'{0}' is not declared partial, so TypedTasks cannot add the generated code of task '{1}'. Add the 'partial' modifier to '{0}'.",
        Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "TT1001.md");

    public static readonly DiagnosticDescriptor TT1002_TaskMustNotBeGeneric = new DiagnosticDescriptor(
        "TT1002", "Task types must not be generic or nested in a generic type",
        "Task '{0}' {1}, so it has no single wire name or serializer. Declare a non-generic task type for each case.",
        Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "TT1002.md");

    public static readonly DiagnosticDescriptor TT1003_InvalidRunAsync = new DiagnosticDescriptor(
        "TT1003", "Task types must declare one valid RunAsync method",
        "Task '{0}' {1}. Declare one public or internal 'Task RunAsync(...)' (or ValueTask, Task<T>, ValueTask<T>) whose parameters are services, TaskContext or CancellationToken.",
        Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "TT1003.md");

    public static readonly DiagnosticDescriptor TT1004_TaskMustBeAccessible = new DiagnosticDescriptor(
        "TT1004", "Task types must be reachable by generated code",
        "Task '{0}' cannot be reached by generated code because '{1}' is {2}. Make '{1}' public or internal.",
        Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "TT1004.md");

    public static readonly DiagnosticDescriptor TT1005_TaskMustBeConstructible = new DiagnosticDescriptor(
        "TT1005", "Task types must be concrete and constructible",
        "Task '{0}' {1}, so a job cannot be read back into it. Make it a non-abstract record, class or struct with a primary constructor, a parameterless constructor, or a public or internal constructor whose parameters match its properties.",
        Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "TT1005.md");

    public static readonly DiagnosticDescriptor TT1006_IBacktaskNotDeclared = new DiagnosticDescriptor(
        "TT1006", "IBacktask must be declared on the task type itself",
        "'{0}' implements IBacktask only through {1}, so TypedTasks generates nothing for it. Declare ': IBacktask' on '{0}' itself.",
        Declaration, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "TT1006.md");

    public static readonly DiagnosticDescriptor TT2001_UnsupportedMemberType = new DiagnosticDescriptor(
        "TT2001", "Task members must have a type TypedTasks can serialize",
        "Member '{1}' of task '{0}' cannot be serialized: its type '{2}' {3}. Use a supported type or mark the member [TaskIgnore].",
        Serialization, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "TT2001.md");

    public static readonly DiagnosticDescriptor TT2002_ServiceMember = new DiagnosticDescriptor(
        "TT2002", "Services and runtime objects are not task data",
        "Member '{1}' of task '{0}' holds '{2}', which {3}; services and runtime objects are not job data. Take it as a RunAsync parameter instead.",
        Serialization, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "TT2002.md");

    public static readonly DiagnosticDescriptor TT2004_DuplicateWireKey = new DiagnosticDescriptor(
        "TT2004", "Task members must have distinct wire keys",
        "Members '{1}' and '{2}' of task '{0}' are both written under the key '{3}', so one would overwrite the other. Give one of them a distinct [TaskMember(\"...\")] key.",
        Serialization, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "TT2004.md");

    public static readonly DiagnosticDescriptor TT2005_DeclaredShapeOnly = new DiagnosticDescriptor(
        "TT2005", "Only the declared type's members are kept",
        "Member '{1}' of task '{0}' is typed '{2}', which has derived types; only the members declared on '{2}' are kept, so a derived instance comes back as '{2}' without its extra data. Type the member with the concrete type it holds.",
        Serialization, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "TT2005.md");

    public static readonly DiagnosticDescriptor TT3001_DuplicateTaskName = new DiagnosticDescriptor(
        "TT3001", "Task names must be unique",
        "Task name '{0}' is used by both '{1}' and '{2}', so a worker cannot tell their jobs apart. Pin a unique name with [Backtask(Name = \"...\")].",
        Naming, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "TT3001.md", customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor TT3002_InvalidTaskName = new DiagnosticDescriptor(
        "TT3002", "Task names must be 1 to 200 characters of [A-Za-z0-9._:-]",
        "Task name '{0}' of '{1}' is invalid. Use 1 to 200 characters from [A-Za-z0-9._:-] in [Backtask(Name = \"...\")].",
        Naming, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "TT3002.md");

    public static readonly DiagnosticDescriptor TT3003_UnpinnedTaskName = new DiagnosticDescriptor(
        "TT3003", "Pin the task's wire name",
        "Task '{0}' uses its type name '{1}' as its wire name, so renaming or moving the type orphans queued jobs. Pin the name with [Backtask(Name = \"{1}\")].",
        Naming, DiagnosticSeverity.Info, isEnabledByDefault: false, helpLinkUri: HelpLinkBase + "TT3003.md");
}
