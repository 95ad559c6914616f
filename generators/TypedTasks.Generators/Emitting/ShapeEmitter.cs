using Microsoft.CodeAnalysis.CSharp;

namespace TypedTasks.Generators;

/// <summary>
/// Emits the statements that write and read one value of a <see cref="TypeShape"/> with MessagePack-CSharp's
/// <c>MessagePackWriter</c> (<c>writer</c>) and <c>MessagePackReader</c> (<c>reader</c>): the one place that maps a
/// shape to code. Primitives are the writer's and reader's own methods; the types they lack go through
/// <c>TypedTasks.Serialization.MessagePackTypeExtensions</c>, strings and containers through
/// <c>MessagePackReaderChecks</c>; user formatters are called directly, never through a resolver.
/// </summary>
internal static class ShapeEmitter
{
    private const string Collections = "global::System.Collections.Generic.";
    private const string TypeExtensions = "global::TypedTasks.Serialization.MessagePackTypeExtensions.";
    private const string Checks = "global::TypedTasks.Serialization.MessagePackReaderChecks.";

    /// <summary>The type as written in declarations (with its nullable annotation).</summary>
    public static string Declared(TypeShape shape) =>
        shape.IsNullable && shape.IsReferenceType ? shape.TypeName + "?" : shape.TypeName;

    public static string Utf8(string text) => SymbolDisplay.FormatLiteral(text, quote: true) + "u8";

    public static void Write(SourceWriter w, TypeShape shape, string value)
    {
        bool nullCheck = shape.IsReferenceType && !(shape.Kind == ShapeKind.Primitive && shape.Codec is "String" or "Bytes");
        if (nullCheck)
        {
            w.Line($"if ({value} is null)");
            w.Line("    writer.WriteNil();");
            w.Open("else");
        }
        switch (shape.Kind)
        {
            case ShapeKind.Primitive:
                w.Line(PrimitiveWrite(shape.Codec!, value));
                break;
            case ShapeKind.Enum:
                w.Line($"writer.Write(({shape.Element!.TypeName}){value});");
                break;
            case ShapeKind.NullableValue:
                string inner = w.Local("value");
                w.Open($"if ({value} is {{ }} {inner})");
                Write(w, shape.Element!, inner);
                w.Close();
                w.Line("else");
                w.Line("    writer.WriteNil();");
                break;
            case ShapeKind.Sequence:
                string items = value;
                if (shape.TypeName.StartsWith(Collections + "IEnumerable<", System.StringComparison.Ordinal))
                {
                    items = w.Local("items");
                    w.Line($"var {items} = global::System.Linq.Enumerable.ToList({value});");
                }
                w.Line($"writer.WriteArrayHeader({items}.{(shape.Collection == CollectionKind.Array ? "Length" : "Count")});");
                string item = w.Local("item");
                w.Open($"foreach (var {item} in {items})");
                Write(w, shape.Element!, item);
                w.Close();
                break;
            case ShapeKind.Dictionary:
                w.Line($"writer.WriteMapHeader({value}.Count);");
                string entry = w.Local("entry");
                w.Open($"foreach (var {entry} in {value})");
                Write(w, shape.Key!, entry + ".Key");
                Write(w, shape.Element!, entry + ".Value");
                w.Close();
                break;
            case ShapeKind.UserType:
                w.Line($"__TT_Write_{shape.UserTypeId}(ref writer, {value});");
                break;
            case ShapeKind.Formatter:
                w.Line($"{shape.Formatter!.FieldName}.Serialize(ref writer, {value}, null!);");
                break;
        }
        if (nullCheck)
            w.Close();
    }

    /// <summary>Emits statements that read a value into the already declared variable <paramref name="target"/>.</summary>
    public static void Read(SourceWriter w, TypeShape shape, string target)
    {
        bool canBeNil = shape.IsReferenceType || shape.Kind == ShapeKind.NullableValue;
        if (canBeNil)
        {
            w.Line("if (reader.TryReadNil())");
            w.Line($"    {target} = default!;");
            w.Open("else");
        }
        switch (shape.Kind)
        {
            case ShapeKind.Primitive:
                w.Line($"{target} = {PrimitiveRead(shape.Codec!)};");
                break;
            case ShapeKind.Enum:
                w.Line($"{target} = ({shape.TypeName}){PrimitiveRead(shape.Element!.Codec!)};");
                break;
            case ShapeKind.NullableValue:
                string inner = w.Local("value");
                w.Line($"{shape.Element!.TypeName} {inner};");
                Read(w, shape.Element!, inner);
                w.Line($"{target} = {inner};");
                break;
            case ShapeKind.Sequence:
                ReadSequence(w, shape, target);
                break;
            case ShapeKind.Dictionary:
                ReadDictionary(w, shape, target);
                break;
            case ShapeKind.UserType:
                w.Line($"{target} = __TT_Read_{shape.UserTypeId}(ref reader);");
                break;
            case ShapeKind.Formatter:
                w.Line($"{target} = {shape.Formatter!.FieldName}.Deserialize(ref reader, null!);");
                break;
        }
        if (canBeNil)
            w.Close();
    }

    private static void ReadSequence(SourceWriter w, TypeShape shape, string target)
    {
        var element = shape.Element!;
        string count = w.Local("count"), index = w.Local("i"), item = w.Local("item"), collection = w.Local("items");
        w.Line($"int {count} = {Checks}ReadNestedArrayHeader(ref reader);");
        switch (shape.Collection)
        {
            case CollectionKind.Array:
                w.Line($"var {collection} = {NewArray(Declared(element), count)};");
                break;
            case CollectionKind.HashSet:
                w.Line($"var {collection} = new {Collections}HashSet<{Declared(element)}>();");
                break;
            default:
                w.Line($"var {collection} = new {Collections}List<{Declared(element)}>({count});");
                break;
        }
        w.Open($"for (int {index} = 0; {index} < {count}; {index}++)");
        w.Line($"{Declared(element)} {item};");
        Read(w, element, item);
        w.Line(shape.Collection == CollectionKind.Array ? $"{collection}[{index}] = {item};" : $"{collection}.Add({item});");
        w.Close();
        w.Line("reader.Depth--;");
        w.Line($"{target} = {collection};");
    }

    private static void ReadDictionary(SourceWriter w, TypeShape shape, string target)
    {
        string count = w.Local("count"), index = w.Local("i"), key = w.Local("key"), value = w.Local("value"), map = w.Local("map");
        w.Line($"int {count} = {Checks}ReadNestedMapHeader(ref reader);");
        w.Line($"var {map} = new {Collections}Dictionary<{Declared(shape.Key!)}, {Declared(shape.Element!)}>({count});");
        w.Open($"for (int {index} = 0; {index} < {count}; {index}++)");
        w.Line($"{Declared(shape.Key!)} {key};");
        Read(w, shape.Key!, key);
        w.Line($"{Declared(shape.Element!)} {value};");
        Read(w, shape.Element!, value);
        w.Line($"{map}[{key}] = {value};");
        w.Close();
        w.Line("reader.Depth--;");
        w.Line($"{target} = {map};");
    }

    /// <summary>The types TypedTasks maps that <c>MessagePackWriter</c>/<c>MessagePackReader</c> have no method for.</summary>
    private static bool IsExtension(string codec) => codec is "Guid" or "Decimal" or "DateTimeOffset" or "TimeSpan" or "DateOnly" or "TimeOnly";

    private static string PrimitiveWrite(string codec, string value) =>
        IsExtension(codec) ? $"{TypeExtensions}Write{codec}(ref writer, {value});" : $"writer.Write({value});";

    private static string PrimitiveRead(string codec) => codec switch
    {
        "String" => $"{Checks}ReadStrictString(ref reader)",
        "Bytes" => $"{Checks}ReadByteArray(ref reader)",
        _ when IsExtension(codec) => $"{TypeExtensions}Read{codec}(ref reader)",
        _ => $"reader.Read{codec}()",
    };

    /// <summary>The user formatters <paramref name="shape"/> and the shapes inside it call.</summary>
    public static System.Collections.Generic.IEnumerable<FormatterModel> Formatters(TypeShape? shape)
    {
        for (; shape is not null; shape = shape.Element)
        {
            if (shape.Formatter is { } formatter)
                yield return formatter;
            foreach (var inKey in Formatters(shape.Key))
                yield return inKey;
        }
    }

    /// <summary><c>new T[n]</c>, also when T is itself an array (<c>new int[n][]</c>).</summary>
    private static string NewArray(string elementType, string count)
    {
        int bracket = elementType.IndexOf('[');
        return bracket < 0 || elementType.Contains("<")
            ? $"new {elementType}[{count}]"
            : $"new {elementType.Substring(0, bracket)}[{count}]{elementType.Substring(bracket)}";
    }
}
