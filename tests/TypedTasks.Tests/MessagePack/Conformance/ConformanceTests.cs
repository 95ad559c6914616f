using System.Text;
using MessagePack;
using Xunit;

namespace TypedTasks.Tests.MessagePack.Conformance;

/// <summary>
/// The bytes of MessagePack-CSharp's writer, as TypedTasks calls it, equal python3-msgpack's <c>packb</c> and
/// <c>@msgpack/msgpack</c>'s <c>encode</c>, and its reader with TypedTasks' checks decodes their bytes to the same values. Each peer runs once per test run (<see cref="PeerEncoders"/>).
/// </summary>
/// <remarks>
/// JavaScript has one number type, so <c>@msgpack/msgpack</c> cannot say everything; those values are compared with
/// python only (<see cref="JavaScriptDifference"/> names the reason for each):
/// <list type="bullet">
/// <item>a float whose value is a safe integer (1.0, −0.0, 2^53) is encoded as an integer;</item>
/// <item>with <c>useBigInt64</c> (needed for integers beyond ±(2^53 − 1)) a safe integer beyond 32 bits is encoded as
/// float64, so such integers cannot share a value with BigInts;</item>
/// <item>maps are objects: keys are strings, and integer-like keys ("0", "1") are reordered;</item>
/// <item>timestamp seconds are a Number, so seconds beyond ±(2^53 − 1) are not exact.</item>
/// </list>
/// </remarks>
public sealed class ConformanceTests
{
    private const long MaxSafeInteger = (1L << 53) - 1;

    private static readonly Lazy<IReadOnlyList<byte[]>> Python = new(() => PeerEncoders.PythonPackb(ConformanceValues.All));

    private static readonly Lazy<(IReadOnlyList<MpValue> Values, IReadOnlyList<byte[]> Bytes)> JavaScript = new(() =>
    {
        var values = ConformanceValues.All.Where(v => JavaScriptDifference(v) is null).ToList();
        return (values, PeerEncoders.NodeEncode(values));
    });

    [Fact]
    public void Catalog_covers_every_format_family_and_boundary()
    {
        Assert.True(ConformanceValues.All.Count >= 200, $"only {ConformanceValues.All.Count} values");
        var firstBytes = ConformanceValues.All.Select(v => v.Encode()[0]).ToHashSet();
        byte[] required =
        [
            0x00, 0x7f, 0x80, 0x90, 0xa0, 0xbf, 0xe0, 0xff,
            MessagePackCode.Nil, MessagePackCode.False, MessagePackCode.True,
            MessagePackCode.Bin8, MessagePackCode.Bin16, MessagePackCode.Bin32,
            MessagePackCode.Ext8, MessagePackCode.Ext16, MessagePackCode.Ext32,
            MessagePackCode.Float32, MessagePackCode.Float64,
            MessagePackCode.UInt8, MessagePackCode.UInt16, MessagePackCode.UInt32, MessagePackCode.UInt64,
            MessagePackCode.Int8, MessagePackCode.Int16, MessagePackCode.Int32, MessagePackCode.Int64,
            MessagePackCode.FixExt1, MessagePackCode.FixExt2, MessagePackCode.FixExt4, MessagePackCode.FixExt8, MessagePackCode.FixExt16,
            MessagePackCode.Str8, MessagePackCode.Str16, MessagePackCode.Str32,
            MessagePackCode.Array16, MessagePackCode.Array32, MessagePackCode.Map16, MessagePackCode.Map32,
        ];
        Assert.Empty(required.Where(code => !firstBytes.Contains(code)).Select(code => $"0x{code:x2}"));
        var stampLengths = ConformanceValues.All.OfType<MpTimestamp>().Select(t => t.Encode().Length).ToHashSet();
        Assert.Equal([6, 10, 15], stampLengths.Order());
        Assert.Contains(ConformanceValues.All.OfType<MpTimestamp>(), t => t.Seconds < 0 && t.Nanoseconds > 0);
        Assert.Contains(ConformanceValues.All.OfType<MpTimestamp>(), t => t.Seconds > uint.MaxValue && t.Nanoseconds > 0);
    }

    [Fact]
    public void Writer_bytes_equal_python_packb()
    {
        AssertSameBytes(ConformanceValues.All, Python.Value, "packb");
    }

    [Fact]
    public void Reader_decodes_python_packb_bytes_to_the_same_values()
    {
        AssertDecodes(ConformanceValues.All, Python.Value, "packb");
    }

    [Fact]
    public void Writer_bytes_equal_msgpack_javascript_encode()
    {
        var (values, bytes) = JavaScript.Value;
        Assert.True(values.Count >= 200, $"only {values.Count} values are comparable with @msgpack/msgpack");
        AssertSameBytes(values, bytes, "@msgpack/msgpack encode");
    }

    [Fact]
    public void Reader_decodes_msgpack_javascript_bytes_to_the_same_values()
    {
        var (values, bytes) = JavaScript.Value;
        AssertDecodes(values, bytes, "@msgpack/msgpack encode");
    }

    [Fact]
    public void Only_the_documented_javascript_differences_are_left_out()
    {
        var reasons = ConformanceValues.All.Select(JavaScriptDifference).OfType<string>().Distinct().Order().ToList();
        Assert.Equal(
            [
                "JavaScript encodes a float whose value is a safe integer as an integer",
                "JavaScript objects have string keys only, and reorder integer-like ones",
                "JavaScript timestamp seconds are a Number (exact up to 2^53)",
                "with useBigInt64 JavaScript encodes safe integers beyond 32 bits as float64",
            ],
            reasons);
    }

    /// <summary>Why <c>@msgpack/msgpack</c> cannot encode <paramref name="value"/> as we do, or null when it can.</summary>
    private static string? JavaScriptDifference(MpValue value)
    {
        var nodes = value.SelfAndDescendants().ToList();
        if (nodes.Any(n => n is MpFloat64 f && IsSafeInteger(f.Value) || n is MpFloat32 g && IsSafeInteger(g.Value)))
            return "JavaScript encodes a float whose value is a safe integer as an integer";
        var ints = nodes.OfType<MpInt>().ToList();
        if (ints.Any(i => i.NeedsBigInt) && ints.Any(i => !i.NeedsBigInt && (i.Value > uint.MaxValue || i.Value < int.MinValue)))
            return "with useBigInt64 JavaScript encodes safe integers beyond 32 bits as float64";
        if (nodes.OfType<MpMap>().Any(m => m.Entries.Any(e => e.Key is not MpStr s || IsArrayIndex(s.Value))))
            return "JavaScript objects have string keys only, and reorder integer-like ones";
        if (nodes.OfType<MpTimestamp>().Any(t => Math.Abs((decimal)t.Seconds) > MaxSafeInteger))
            return "JavaScript timestamp seconds are a Number (exact up to 2^53)";
        return null;
    }

    private static bool IsSafeInteger(double value) => double.IsInteger(value) && Math.Abs(value) <= MaxSafeInteger;

    private static bool IsArrayIndex(string key) =>
        uint.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out uint index)
        && index != uint.MaxValue && index.ToString(System.Globalization.CultureInfo.InvariantCulture) == key;

    private static void AssertSameBytes(IReadOnlyList<MpValue> values, IReadOnlyList<byte[]> expected, string peer)
    {
        var failures = new StringBuilder();
        for (int i = 0; i < values.Count; i++)
        {
            byte[] ours = values[i].Encode();
            if (!ours.AsSpan().SequenceEqual(expected[i]))
                failures.AppendLine($"#{i} {values[i]}: ours {Preview(ours)}, {peer} {Preview(expected[i])}");
        }
        Assert.True(failures.Length == 0, $"Encodings differ from {peer}:\n{failures}");
    }

    private static void AssertDecodes(IReadOnlyList<MpValue> values, IReadOnlyList<byte[]> encodings, string peer)
    {
        var failures = new StringBuilder();
        for (int i = 0; i < values.Count; i++)
        {
            var reader = new MessagePackReader(encodings[i]);
            var decoded = MpValue.Read(ref reader);
            if (!reader.End)
                failures.AppendLine($"#{i} {values[i]}: {Msgpack.Remaining(reader)} bytes left after the value");
            if (!values[i].SameAs(decoded))
                failures.AppendLine($"#{i} {values[i]}: decoded as {decoded}");
            if (values[i] is MpDateTime dateTime)
            {
                var dateReader = new MessagePackReader(encodings[i]);
                var read = dateReader.ReadDateTime();
                if (read != dateTime.Value || read.Kind != DateTimeKind.Utc)
                    failures.AppendLine($"#{i} {values[i]}: ReadDateTime gave {read:O} ({read.Kind})");
            }
        }
        Assert.True(failures.Length == 0, $"Values decoded from {peer} bytes differ:\n{failures}");
    }

    private static string Preview(byte[] bytes) =>
        bytes.Length <= 24 ? Convert.ToHexStringLower(bytes) : $"{Convert.ToHexStringLower(bytes.AsSpan(0, 24))}… ({bytes.Length} bytes)";
}
