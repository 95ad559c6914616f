using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace TypedTasks.Generators;

/// <summary>
/// Emits the write/read helper pair of a task or user type: a map keyed by member name, every member written in
/// declaration order (deterministic bytes), unknown keys skipped, missing keys defaulted or rejected by name.
/// </summary>
internal static class ObjectEmitter
{
    private const string MessagePack = "global::MessagePack.";
    private const string Checks = "global::TypedTasks.Serialization.MessagePackReaderChecks.";

    public static void Emit(SourceWriter w, ObjectShape shape, string taskName)
    {
        EmitWrite(w, shape);
        EmitRead(w, shape, taskName);
    }

    private static void EmitWrite(SourceWriter w, ObjectShape shape)
    {
        w.Line();
        w.Open($"private static void __TT_Write_{shape.Id}(ref {MessagePack}MessagePackWriter writer, {shape.TypeName} value)");
        w.Line($"writer.WriteMapHeader({shape.Members.Count});");
        foreach (var member in shape.Members)
        {
            w.Line($"writer.WriteString({ShapeEmitter.Utf8(member.WireName)});");
            ShapeEmitter.Write(w, member.Shape, "value." + member.Name);
        }
        w.Close();
    }

    private static void EmitRead(SourceWriter w, ObjectShape shape, string taskName)
    {
        string task = SymbolDisplay.FormatLiteral(taskName, quote: true);
        w.Line();
        w.Open($"private static {shape.TypeName} __TT_Read_{shape.Id}(ref {MessagePack}MessagePackReader reader)");
        foreach (var member in shape.Members)
        {
            w.Line($"{ShapeEmitter.Declared(member.Shape)} __m_{member.Name} = default!;");
            w.Line($"bool __has_{member.Name} = false;");
        }
        w.Line($"int __count = {Checks}ReadNestedMapHeader(ref reader);");
        w.Open("for (int __i = 0; __i < __count; __i++)");
        w.Open($"if (reader.NextMessagePackType != {MessagePack}MessagePackType.String || !reader.TryReadStringSpan(out var __key))");
        w.Line("reader.Skip();");
        w.Line("reader.Skip();");
        w.Line("continue;");
        w.Close();
        bool first = true;
        foreach (var member in shape.Members)
        {
            w.Open($"{(first ? "" : "else ")}if (global::System.MemoryExtensions.SequenceEqual(__key, {ShapeEmitter.Utf8(member.WireName)}))");
            w.Open("try");
            ShapeEmitter.Read(w, member.Shape, "__m_" + member.Name);
            w.Close();
            w.Open($"catch (global::System.Exception __error) when ({Checks}IsMalformedInput(__error))");
            w.Line($"throw global::TypedTasks.TaskPayloadException.InvalidMember({task}, {SymbolDisplay.FormatLiteral(member.WireName, quote: true)}, __error);");
            w.Close();
            w.Line($"__has_{member.Name} = true;");
            w.Close();
            first = false;
        }
        if (shape.Members.Count > 0)
        {
            w.Line("else");
            w.Line("    reader.Skip();");
        }
        else
        {
            w.Line("reader.Skip();");
        }
        w.Close();
        w.Line("reader.Depth--;");

        foreach (var member in shape.Members.Where(m => m.IsRequired))
        {
            w.Line($"if (!__has_{member.Name})");
            w.Line($"    throw global::TypedTasks.TaskPayloadException.MissingMember({task}, {SymbolDisplay.FormatLiteral(member.WireName, quote: true)});");
        }
        foreach (var member in shape.Members.Where(m => !m.IsRequired && m.ConstructorIndex >= 0))
        {
            w.Line($"if (!__has_{member.Name})");
            w.Line($"    __m_{member.Name} = {member.DefaultExpression ?? "default!"};");
        }

        string arguments = string.Join(", ", shape.ConstructorArguments.Select(a => a.MemberName is { } name ? "__m_" + name : a.FixedExpression));
        var initialized = shape.Members.Where(m => m.ConstructorIndex < 0).ToList();
        var optional = initialized.Where(m => !m.IsRequired).ToList();
        if (optional.Count > 0)
        {
            // Members left out of the payload keep the value the type's own initializers give them.
            string requiredInit = string.Join(", ", initialized.Where(m => m.IsRequired).Select(m => $"{m.Name} = __m_{m.Name}"));
            w.Line($"{shape.TypeName} __defaults = default!;");
            w.Line($"if ({string.Join(" || ", optional.Select(m => "!__has_" + m.Name))})");
            w.Line($"    __defaults = new {shape.TypeName}({arguments}){(requiredInit.Length > 0 ? " { " + requiredInit + " }" : "")};");
        }
        if (initialized.Count == 0)
        {
            w.Line($"return new {shape.TypeName}({arguments});");
        }
        else
        {
            w.Open($"return new {shape.TypeName}({arguments})");
            foreach (var member in initialized)
                w.Line(member.IsRequired
                    ? $"{member.Name} = __m_{member.Name},"
                    : $"{member.Name} = __has_{member.Name} ? __m_{member.Name} : __defaults.{member.Name},");
            w.Close(";");
        }
        w.Close();
    }
}
