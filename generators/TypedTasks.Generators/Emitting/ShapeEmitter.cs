using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp;

namespace TypedTasks.Generators;

/// <summary>
/// Emits the statements that write and read one value of a <see cref="TypeShape"/> with MessagePack-CSharp's
/// <c>MessagePackWriter</c> (<c>writer</c>) and <c>MessagePackReader</c> (<c>reader</c>): the one place that maps a
/// shape to code. Primitives are the writer's and reader's own methods; the types they lack go through
/// <c>TypedTasks.Serialization.MessagePackTypeExtensions</c>, strings and containers through
/// <c>MessagePackReaderChecks</c> (and, when written, <c>MessagePackWriterChecks</c>); user formatters are called
/// directly, never through a resolver.
/// </summary>
internal static class ShapeEmitter
{
    private const string TypeExtensions = "global::TypedTasks.Serialization.MessagePackTypeExtensions.";
    private const string ReaderChecks = "global::TypedTasks.Serialization.MessagePackReaderChecks.";
    private const string WriterChecks = "global::TypedTasks.Serialization.MessagePackWriterChecks.";

    /// <summary>The type as written in declarations (with its nullable annotation).</summary>
    public static string Declared(TypeShape shape) =>
        shape.IsNullable && shape.IsReferenceType ? shape.TypeName + "?" : shape.TypeName;

    public static string Utf8(string text) => SymbolDisplay.FormatLiteral(text, quote: true) + "u8";

    /// <summary>Emits statements that write <paramref name="value"/>, enclosed in <paramref name="depth"/> containers.</summary>
    public static void Write(SourceWriter w, TypeShape shape, string value, WriteDepth depth)
    {
        string? nilWhen = shape.IsReferenceType && !(shape.Kind == ShapeKind.Primitive && shape.Codec is "String" or "Bytes") ? $"{value} is null"
            : shape.Collection == CollectionKind.ImmutableArray ? $"{value}.IsDefault"
            : null;
        if (nilWhen is not null)
        {
            w.Line($"if ({nilWhen})");
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
                Write(w, shape.Element!, inner, depth);
                w.Close();
                w.Line("else");
                w.Line("    writer.WriteNil();");
                break;
            case ShapeKind.Sequence or ShapeKind.Dictionary:
                WriteContainer(w, shape, value, depth);
                break;
            case ShapeKind.Tuple:
                CheckDepth(w, depth);
                w.Line($"writer.WriteArrayHeader({shape.Items.Count});");
                for (int i = 0; i < shape.Items.Count; i++)
                    Write(w, shape.Items[i], $"{value}.{TupleItem(shape, i)}", depth.Inner);
                break;
            case ShapeKind.UserType:
                w.Line($"__TT_Write_{shape.UserTypeId}(ref writer, {value}, {depth});");
                break;
            case ShapeKind.Formatter:
                w.Line($"{shape.Formatter!.FieldName}.Serialize(ref writer, {value}, null!);");
                break;
        }
        if (nilWhen is not null)
            w.Close();
    }

    /// <summary>Emits statements that read a value into the already declared variable <paramref name="target"/>.</summary>
    public static void Read(SourceWriter w, TypeShape shape, string target)
    {
        bool canBeNil = shape.IsReferenceType || shape.Kind == ShapeKind.NullableValue || shape.Codec == "ByteMemory" ||
                        shape.Collection is CollectionKind.ImmutableArray or CollectionKind.Memory or CollectionKind.ReadOnlyMemory;
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
            case ShapeKind.Tuple:
                ReadTuple(w, shape, target);
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

    /// <summary>The user formatters <paramref name="shape"/> and the shapes inside it call.</summary>
    public static IEnumerable<FormatterModel> Formatters(TypeShape? shape)
    {
        if (shape is null)
            yield break;
        if (shape.Formatter is { } formatter)
            yield return formatter;
        foreach (var inner in Formatters(shape.Element))
            yield return inner;
        foreach (var inKey in Formatters(shape.Key))
            yield return inKey;
        foreach (var item in shape.Items)
        {
            foreach (var inItem in Formatters(item))
                yield return inItem;
        }
    }

    private static void CheckDepth(SourceWriter w, WriteDepth depth) =>
        w.Line($"{WriterChecks}CheckDepth({depth}, {depth.Task});");

    /// <summary>A sequence as an array of its elements, a dictionary as a map of its entries.</summary>
    private static void WriteContainer(SourceWriter w, TypeShape shape, string value, WriteDepth depth)
    {
        bool isMap = shape.Kind == ShapeKind.Dictionary;
        CheckDepth(w, depth);
        var recipe = CollectionRecipes.Write(shape.Collection);
        string source = Snapshot(w, recipe, value);
        w.Line($"writer.{(isMap ? "WriteMapHeader" : "WriteArrayHeader")}({string.Format(recipe.Count, source)});");
        string item = w.Local(isMap ? "entry" : "item");
        w.Open($"foreach (var {item} in {string.Format(recipe.Items, source)})");
        if (isMap)
        {
            Write(w, shape.Key!, item + ".Key", depth.Inner);
            Write(w, shape.Element!, item + ".Value", depth.Inner);
        }
        else
        {
            Write(w, shape.Element!, item, depth.Inner);
        }
        w.Close();
    }

    /// <summary>The expression to count and enumerate: the value, or a copy of it taken first.</summary>
    private static string Snapshot(SourceWriter w, CollectionRecipes.Writing recipe, string value)
    {
        if (recipe.Snapshot is null)
            return value;
        string copy = w.Local("items");
        w.Line($"var {copy} = {string.Format(recipe.Snapshot, value)};");
        return copy;
    }

    private static void ReadSequence(SourceWriter w, TypeShape shape, string target)
    {
        var element = shape.Element!;
        string count = w.Local("count"), index = w.Local("i"), item = w.Local("item"), buffer = w.Local("items");
        var recipe = CollectionRecipes.Sequence(shape.Collection, Declared(element), NewArray(element, count));
        w.Line($"int {count} = {ReaderChecks}ReadNestedArrayHeader(ref reader);");
        w.Line($"var {buffer} = {string.Format(recipe.Create, count)};");
        w.Open($"for (int {index} = 0; {index} < {count}; {index}++)");
        w.Line($"{Declared(element)} {item};");
        Read(w, element, item);
        w.Line(string.Format(recipe.Add, buffer, index, item));
        w.Close();
        w.Line("reader.Depth--;");
        if (recipe.Reverse)
            w.Line($"global::System.Array.Reverse({buffer});");
        w.Line($"{target} = {string.Format(recipe.Finish, buffer)};");
    }

    private static void ReadDictionary(SourceWriter w, TypeShape shape, string target)
    {
        string count = w.Local("count"), index = w.Local("i"), key = w.Local("key"), value = w.Local("value"), map = w.Local("map");
        var recipe = CollectionRecipes.Dictionary(shape.Collection, Declared(shape.Key!), Declared(shape.Element!));
        w.Line($"int {count} = {ReaderChecks}ReadNestedMapHeader(ref reader);");
        w.Line($"var {map} = {string.Format(recipe.Create, count)};");
        w.Open($"for (int {index} = 0; {index} < {count}; {index}++)");
        w.Line($"{Declared(shape.Key!)} {key};");
        Read(w, shape.Key!, key);
        w.Line($"{Declared(shape.Element!)} {value};");
        Read(w, shape.Element!, value);
        w.Line(string.Format(recipe.Add, map, index, value, key));
        w.Close();
        w.Line("reader.Depth--;");
        w.Line($"{target} = {string.Format(recipe.Finish, map)};");
    }

    private static void ReadTuple(SourceWriter w, TypeShape shape, string target)
    {
        w.Line($"{ReaderChecks}ReadTupleHeader(ref reader, {shape.Items.Count});");
        var items = new List<string>();
        foreach (var item in shape.Items)
        {
            string local = w.Local("item");
            w.Line($"{Declared(item)} {local};");
            Read(w, item, local);
            items.Add(local);
        }
        w.Line("reader.Depth--;");
        string arguments = string.Join(", ", items);
        // A ValueTuple of two or more items is named in tuple syntax, (int Lat, int Lon), which 'new' does not take.
        w.Line(shape.Collection == CollectionKind.ValueTuple && items.Count > 1
            ? $"{target} = ({arguments});"
            : $"{target} = new {shape.TypeName}({arguments});");
    }

    private static string TupleItem(TypeShape shape, int index) =>
        shape.Collection == CollectionKind.KeyValuePair ? (index == 0 ? "Key" : "Value") : "Item" + (index + 1);

    /// <summary>The types TypedTasks maps that <c>MessagePackWriter</c>/<c>MessagePackReader</c> have no method for.</summary>
    private static bool IsExtension(string codec) => codec is "Guid" or "Decimal" or "DateTimeOffset" or "TimeSpan" or "DateOnly" or "TimeOnly"
        or "Half" or "Int128" or "UInt128" or "BigInteger" or "Complex" or "Version" or "Uri";

    private static string PrimitiveWrite(string codec, string value) =>
        IsExtension(codec) ? $"{TypeExtensions}Write{codec}(ref writer, {value});"
        : codec == "ByteMemory" ? $"writer.Write({value}.Span);"
        : $"writer.Write({value});";

    private static string PrimitiveRead(string codec) => codec switch
    {
        "String" => $"{ReaderChecks}ReadStrictString(ref reader)",
        "Bytes" or "ByteMemory" => $"{ReaderChecks}ReadByteArray(ref reader)",
        _ when IsExtension(codec) => $"{TypeExtensions}Read{codec}(ref reader)",
        _ => $"reader.Read{codec}()",
    };

    /// <summary><c>new T[n]</c>, also when T is itself an array (<c>new int[n][]</c>).</summary>
    private static string NewArray(TypeShape element, string count)
    {
        // The element's own nullable annotation has no place in an array creation; inner ones stay.
        string type = element.TypeName;
        string ranks = "";
        while (type.EndsWith("[]", System.StringComparison.Ordinal))
        {
            type = type.Substring(0, type.Length - 2);
            ranks += "[]";
        }
        return $"new {type}[{count}]{ranks}";
    }
}
