namespace TypedTasks.Generators;

/// <summary>
/// How many arrays and maps enclose the value being written, as a C# expression: the helper's <c>depth</c> parameter
/// plus the containers the helper has opened since. Every container the generated writer opens checks it, so a payload
/// the reader would refuse (<c>MessagePackReaderChecks.MaxDepth</c>) is refused at enqueue instead.
/// </summary>
/// <param name="Base">The expression of the depth the current helper was called at: <c>depth</c>, or <c>0</c> at the top.</param>
/// <param name="Offset">The containers opened since.</param>
/// <param name="Task">The task's wire name as a string literal, for the error.</param>
internal readonly record struct WriteDepth(string Base, int Offset, string Task)
{
    /// <summary>The depth of a container's items.</summary>
    public WriteDepth Inner => this with { Offset = Offset + 1 };

    public override string ToString() =>
        Base == "0" ? Offset.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : Offset == 0 ? Base
        : $"{Base} + {Offset}";
}
