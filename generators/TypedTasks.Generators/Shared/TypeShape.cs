namespace TypedTasks.Generators;

/// <summary>How a member type is encoded.</summary>
internal enum ShapeKind
{
    /// <summary>A type the codec reads and writes directly; <see cref="TypeShape.Codec"/> names the reader method suffix.</summary>
    Primitive,
    /// <summary>An enum, written as its underlying integer (<see cref="TypeShape.Element"/>).</summary>
    Enum,
    /// <summary><c>Nullable&lt;T&gt;</c> of <see cref="TypeShape.Element"/>.</summary>
    NullableValue,
    /// <summary>A sequence of <see cref="TypeShape.Element"/> (<see cref="TypeShape.Collection"/> says which).</summary>
    Sequence,
    /// <summary>A map from <see cref="TypeShape.Key"/> to <see cref="TypeShape.Element"/>.</summary>
    Dictionary,
    /// <summary>A user record, class or struct, written as a map of its members (<see cref="TypeShape.UserTypeId"/>).</summary>
    UserType,
    /// <summary>A type written by the user's <c>IMessagePackFormatter&lt;T&gt;</c> (<see cref="TypeShape.Formatter"/>), called directly.</summary>
    Formatter,
}

/// <summary>Which concrete collection is built when a sequence or dictionary is read.</summary>
internal enum CollectionKind
{
    None,
    Array,
    List,
    HashSet,
    Dictionary,
}

/// <summary>
/// The encoding of one CLR type, as an equatable value: generator pipelines cache on it, and the analyzer reports
/// from the same classification.
/// </summary>
/// <param name="Kind">The shape family.</param>
/// <param name="TypeName">The fully qualified type name (<c>global::...</c>), without a nullable annotation.</param>
/// <param name="IsNullable">Whether null is a valid value (nullable reference or <c>Nullable&lt;T&gt;</c>).</param>
/// <param name="IsReferenceType">Whether the type is a reference type.</param>
/// <param name="Codec">For primitives: the suffix of the reader's <c>Read…</c> method (Int32, String, DateTime…).</param>
/// <param name="Element">Element, value, inner or underlying shape.</param>
/// <param name="Key">Dictionary key shape.</param>
/// <param name="Collection">The collection built on read.</param>
/// <param name="UserTypeId">For user types: the identifier of their generated read/write helpers.</param>
/// <param name="Formatter">For formatter shapes: the formatter's type and how to get an instance of it.</param>
internal sealed record TypeShape(
    ShapeKind Kind,
    string TypeName,
    bool IsNullable,
    bool IsReferenceType,
    string? Codec = null,
    TypeShape? Element = null,
    TypeShape? Key = null,
    CollectionKind Collection = CollectionKind.None,
    string? UserTypeId = null,
    FormatterModel? Formatter = null);

/// <summary>A user's <c>IMessagePackFormatter&lt;T&gt;</c>.</summary>
/// <param name="TypeName">The formatter's fully qualified name.</param>
/// <param name="Instance">The expression that gives its instance: its static <c>Instance</c>, or <c>new F()</c>.</param>
internal sealed record FormatterModel(string TypeName, string Instance)
{
    /// <summary>The generated static field holding the instance, named after the formatter type.</summary>
    public string FieldName
    {
        get
        {
            var builder = new System.Text.StringBuilder("__TT_Formatter_");
            foreach (char c in TypeName.Replace("global::", ""))
                builder.Append(char.IsLetterOrDigit(c) ? c : '_');
            return builder.ToString();
        }
    }
}
