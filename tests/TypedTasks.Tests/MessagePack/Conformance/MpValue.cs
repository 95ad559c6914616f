using System.Buffers;
using System.Text;
using System.Text.Json;
using MessagePack;
using TypedTasks.Serialization;

namespace TypedTasks.Tests.MessagePack.Conformance;

/// <summary>
/// A MessagePack value as a tree, so one description drives our writer, the peers' encoders (as JSON) and the check of
/// what our reader decodes. Peers get the description in a compact JSON form read by tests/conformance/packb.py and
/// encode.mjs: ["n"], ["b", bool], ["i", "decimal"], ["f32"/"f64", "hex bits"], ["s"/"x", "hex bytes"] (str/bin),
/// ["a", [...]], ["m", [[k, v], ...]], ["e", type, "hex"], ["t", "seconds", nanoseconds].
/// </summary>
internal abstract class MpValue
{
    /// <summary>Writes the value with our writer.</summary>
    public abstract void WriteTo(ref MessagePackWriter writer);

    /// <summary>Writes the value's JSON description for the peers.</summary>
    public abstract void Describe(Utf8JsonWriter json);

    /// <summary>Whether <paramref name="other"/> is the same value (floats compared by their bits).</summary>
    public abstract bool SameAs(MpValue other);

    /// <summary>The value and its children, depth first.</summary>
    public virtual IEnumerable<MpValue> SelfAndDescendants() => [this];

    public byte[] Encode()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        WriteTo(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads one value of any family with our reader.</summary>
    public static MpValue Read(ref MessagePackReader reader)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return new MpNil();
            case MessagePackType.Boolean:
                return new MpBool(reader.ReadBoolean());
            case MessagePackType.Integer:
                return reader.NextCode == MessagePackCode.UInt64 ? new MpInt(reader.ReadUInt64()) : new MpInt(reader.ReadInt64());
            case MessagePackType.Float:
                return reader.NextCode == MessagePackCode.Float32 ? new MpFloat32(reader.ReadSingle()) : new MpFloat64(reader.ReadDouble());
            case MessagePackType.String:
                return new MpStr(reader.ReadStrictString());
            case MessagePackType.Binary:
                return new MpBin(reader.ReadByteArray());
            case MessagePackType.Array:
                var items = new MpValue[reader.ReadNestedArrayHeader()];
                for (int i = 0; i < items.Length; i++)
                    items[i] = Read(ref reader);
                reader.Depth--;
                return new MpArray(items);
            case MessagePackType.Map:
                var entries = new (MpValue, MpValue)[reader.ReadNestedMapHeader()];
                for (int i = 0; i < entries.Length; i++)
                    entries[i] = (Read(ref reader), Read(ref reader));
                reader.Depth--;
                return new MpMap(entries);
            case MessagePackType.Extension:
                var peek = reader.CreatePeekReader();
                if (peek.ReadExtensionFormatHeader().TypeCode == -1)
                {
                    var (seconds, nanoseconds) = Timestamps.Read(ref reader);
                    return new MpTimestamp(seconds, nanoseconds);
                }
                var header = reader.ReadExtensionFormatHeader();
                return new MpExt(header.TypeCode, reader.ReadRaw(header.Length).ToArray());
            default:
                reader.Skip(); // 0xc1, never used: the reader raises its own error
                throw new InvalidOperationException("Skip accepted the never-used byte 0xc1.");
        }
    }

    protected static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}

internal sealed class MpNil : MpValue
{
    public override void WriteTo(ref MessagePackWriter writer) => writer.WriteNil();
    public override void Describe(Utf8JsonWriter json)
    {
        json.WriteStartArray();
        json.WriteStringValue("n");
        json.WriteEndArray();
    }
    public override bool SameAs(MpValue other) => other is MpNil;
    public override string ToString() => "nil";
}

internal sealed class MpBool(bool value) : MpValue
{
    public bool Value { get; } = value;
    public override void WriteTo(ref MessagePackWriter writer) => writer.Write(Value);
    public override void Describe(Utf8JsonWriter json)
    {
        json.WriteStartArray();
        json.WriteStringValue("b");
        json.WriteBooleanValue(Value);
        json.WriteEndArray();
    }
    public override bool SameAs(MpValue other) => other is MpBool b && b.Value == Value;
    public override string ToString() => Value ? "true" : "false";
}

/// <summary>An integer; negative values go through <c>Write(long)</c>, the others through <c>Write(ulong)</c>.</summary>
internal sealed class MpInt : MpValue
{
    public MpInt(long value) => Value = value;
    public MpInt(ulong value) => Value = value;

    public Int128 Value { get; }

    /// <summary>Outside JavaScript's safe integer range, so the JS peer must send it as a BigInt.</summary>
    public bool NeedsBigInt => Int128.Abs(Value) > (1L << 53) - 1;

    public override void WriteTo(ref MessagePackWriter writer)
    {
        if (Value < 0)
            writer.Write((long)Value);
        else
            writer.Write((ulong)Value);
    }

    public override void Describe(Utf8JsonWriter json)
    {
        json.WriteStartArray();
        json.WriteStringValue("i");
        json.WriteStringValue(Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        json.WriteEndArray();
    }

    public override bool SameAs(MpValue other) => other is MpInt i && i.Value == Value;
    public override string ToString() => $"int {Value}";
}

internal sealed class MpFloat32(float value) : MpValue
{
    public float Value { get; } = value;
    public uint Bits => BitConverter.SingleToUInt32Bits(Value);
    public override void WriteTo(ref MessagePackWriter writer) => writer.Write(Value);
    public override void Describe(Utf8JsonWriter json)
    {
        json.WriteStartArray();
        json.WriteStringValue("f32");
        json.WriteStringValue(Bits.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteEndArray();
    }
    public override bool SameAs(MpValue other) => other is MpFloat32 f && f.Bits == Bits;
    public override string ToString() => $"float32 {Value:R} (0x{Bits:x8})";
}

internal sealed class MpFloat64(double value) : MpValue
{
    public double Value { get; } = value;
    public ulong Bits => BitConverter.DoubleToUInt64Bits(Value);
    public override void WriteTo(ref MessagePackWriter writer) => writer.Write(Value);
    public override void Describe(Utf8JsonWriter json)
    {
        json.WriteStartArray();
        json.WriteStringValue("f64");
        json.WriteStringValue(Bits.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteEndArray();
    }
    public override bool SameAs(MpValue other) => other is MpFloat64 f && f.Bits == Bits;
    public override string ToString() => $"float64 {Value:R} (0x{Bits:x16})";
}

internal sealed class MpStr(string value) : MpValue
{
    public string Value { get; } = value;
    public override void WriteTo(ref MessagePackWriter writer) => writer.Write(Value);
    public override void Describe(Utf8JsonWriter json)
    {
        json.WriteStartArray();
        json.WriteStringValue("s");
        json.WriteStringValue(Hex(Encoding.UTF8.GetBytes(Value)));
        json.WriteEndArray();
    }
    public override bool SameAs(MpValue other) => other is MpStr s && s.Value == Value;
    public override string ToString() =>
        $"str of {Encoding.UTF8.GetByteCount(Value)} bytes \"{(Value.Length > 12 ? Value[..12] + "…" : Value)}\"";
}

internal sealed class MpBin(byte[] value) : MpValue
{
    public byte[] Value { get; } = value;
    public override void WriteTo(ref MessagePackWriter writer) => writer.Write(Value);
    public override void Describe(Utf8JsonWriter json)
    {
        json.WriteStartArray();
        json.WriteStringValue("x");
        json.WriteStringValue(Hex(Value));
        json.WriteEndArray();
    }
    public override bool SameAs(MpValue other) => other is MpBin b && b.Value.AsSpan().SequenceEqual(Value);
    public override string ToString() => $"bin of {Value.Length} bytes";
}

internal sealed class MpArray(MpValue[] items) : MpValue
{
    public MpValue[] Items { get; } = items;

    public override void WriteTo(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(Items.Length);
        foreach (var item in Items)
            item.WriteTo(ref writer);
    }

    public override void Describe(Utf8JsonWriter json)
    {
        json.WriteStartArray();
        json.WriteStringValue("a");
        json.WriteStartArray();
        foreach (var item in Items)
            item.Describe(json);
        json.WriteEndArray();
        json.WriteEndArray();
    }

    public override bool SameAs(MpValue other)
    {
        if (other is not MpArray a || a.Items.Length != Items.Length)
            return false;
        for (int i = 0; i < Items.Length; i++)
        {
            if (!Items[i].SameAs(a.Items[i]))
                return false;
        }
        return true;
    }

    public override IEnumerable<MpValue> SelfAndDescendants() => Items.SelectMany(i => i.SelfAndDescendants()).Prepend(this);
    public override string ToString() => $"array of {Items.Length}";
}

internal sealed class MpMap((MpValue Key, MpValue Value)[] entries) : MpValue
{
    public (MpValue Key, MpValue Value)[] Entries { get; } = entries;

    public override void WriteTo(ref MessagePackWriter writer)
    {
        writer.WriteMapHeader(Entries.Length);
        foreach (var (key, value) in Entries)
        {
            key.WriteTo(ref writer);
            value.WriteTo(ref writer);
        }
    }

    public override void Describe(Utf8JsonWriter json)
    {
        json.WriteStartArray();
        json.WriteStringValue("m");
        json.WriteStartArray();
        foreach (var (key, value) in Entries)
        {
            json.WriteStartArray();
            key.Describe(json);
            value.Describe(json);
            json.WriteEndArray();
        }
        json.WriteEndArray();
        json.WriteEndArray();
    }

    public override bool SameAs(MpValue other)
    {
        if (other is not MpMap m || m.Entries.Length != Entries.Length)
            return false;
        for (int i = 0; i < Entries.Length; i++)
        {
            if (!Entries[i].Key.SameAs(m.Entries[i].Key) || !Entries[i].Value.SameAs(m.Entries[i].Value))
                return false;
        }
        return true;
    }

    public override IEnumerable<MpValue> SelfAndDescendants() =>
        Entries.SelectMany(e => e.Key.SelfAndDescendants().Concat(e.Value.SelfAndDescendants())).Prepend(this);

    public override string ToString() => $"map of {Entries.Length}";
}

internal sealed class MpExt(sbyte typeCode, byte[] data) : MpValue
{
    public sbyte TypeCode { get; } = typeCode;
    public byte[] Data { get; } = data;
    public override void WriteTo(ref MessagePackWriter writer) => writer.WriteExtensionFormat(new ExtensionResult(TypeCode, Data));
    public override void Describe(Utf8JsonWriter json)
    {
        json.WriteStartArray();
        json.WriteStringValue("e");
        json.WriteNumberValue(TypeCode);
        json.WriteStringValue(Hex(Data));
        json.WriteEndArray();
    }
    public override bool SameAs(MpValue other) =>
        other is MpExt e && e.TypeCode == TypeCode && e.Data.AsSpan().SequenceEqual(Data);
    public override string ToString() => $"ext {TypeCode} of {Data.Length} bytes";
}

/// <summary>A timestamp (extension −1) written with <c>WriteTimestamp(seconds, nanoseconds)</c>.</summary>
internal class MpTimestamp(long seconds, uint nanoseconds) : MpValue
{
    public long Seconds { get; } = seconds;
    public uint Nanoseconds { get; } = nanoseconds;
    public override void WriteTo(ref MessagePackWriter writer) => Timestamps.Write(ref writer, Seconds, Nanoseconds);
    public override void Describe(Utf8JsonWriter json)
    {
        json.WriteStartArray();
        json.WriteStringValue("t");
        json.WriteStringValue(Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        json.WriteNumberValue(Nanoseconds);
        json.WriteEndArray();
    }
    public override bool SameAs(MpValue other) => other is MpTimestamp t && t.Seconds == Seconds && t.Nanoseconds == Nanoseconds;
    public override string ToString() => $"timestamp {Seconds} s {Nanoseconds} ns";
}

/// <summary>A timestamp written with <c>Write(DateTime)</c>; the peers get the seconds and nanoseconds it stands for.</summary>
internal sealed class MpDateTime(DateTime value) : MpTimestamp(UnixSeconds(value), UnixNanoseconds(value))
{
    public DateTime Value { get; } = value;
    public override void WriteTo(ref MessagePackWriter writer) => writer.Write(Value);
    public override string ToString() => $"DateTime {Value:O} ({base.ToString()})";

    // The writer takes unspecified times as UTC and converts local ones.
    private static long UnixTicks(DateTime value) =>
        (value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value).Ticks - DateTime.UnixEpoch.Ticks;

    private static long UnixSeconds(DateTime value) => Math.DivRem(UnixTicks(value), TimeSpan.TicksPerSecond) switch
    {
        (var q, < 0) => q - 1,
        (var q, _) => q,
    };

    private static uint UnixNanoseconds(DateTime value) =>
        (uint)((UnixTicks(value) % TimeSpan.TicksPerSecond + TimeSpan.TicksPerSecond) % TimeSpan.TicksPerSecond * 100);
}
