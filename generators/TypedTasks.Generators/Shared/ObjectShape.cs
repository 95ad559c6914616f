namespace TypedTasks.Generators;

/// <summary>One serialized member of a task or of a user type it uses.</summary>
/// <param name="Name">The C# member name.</param>
/// <param name="WireName">The map key (the member name, or <c>[TaskMember("...")]</c>).</param>
/// <param name="Shape">How its value is encoded.</param>
/// <param name="ConstructorIndex">Its position in the constructor call, or -1 when it is set by an object initializer.</param>
/// <param name="IsRequired">Whether a payload without it is rejected (else the declared default is kept).</param>
/// <param name="DefaultExpression">For constructor parameters: the value used when the key is missing.</param>
internal sealed record MemberModel(
    string Name,
    string WireName,
    TypeShape Shape,
    int ConstructorIndex,
    bool IsRequired,
    string? DefaultExpression);

/// <summary>A constructor argument: a member's value, or a fixed expression for a parameter that is not serialized.</summary>
internal sealed record ConstructorArgument(string? MemberName, string? FixedExpression);

/// <summary>A record, class or struct written as a map of its members.</summary>
/// <param name="Id">An identifier for its generated helpers.</param>
/// <param name="TypeName">Its fully qualified name.</param>
/// <param name="IsValueType">Whether it is a struct.</param>
/// <param name="ConstructorArguments">The constructor the reader calls, argument by argument.</param>
/// <param name="Members">Its serialized members, in declaration order.</param>
internal sealed record ObjectShape(
    string Id,
    string TypeName,
    bool IsValueType,
    EquatableArray<ConstructorArgument> ConstructorArguments,
    EquatableArray<MemberModel> Members);

/// <summary>Why a type cannot be serialized.</summary>
/// <param name="Reason">A sentence fragment: "is a Stream", "has no constructor TypedTasks can call".</param>
/// <param name="IsService">Whether it is a service or runtime object that belongs in RunAsync's parameters.</param>
internal sealed record ShapeError(string Reason, bool IsService);
