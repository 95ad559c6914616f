using System.Text;

namespace TypedTasks.Tests.MessagePack.Conformance;

/// <summary>The values whose encodings must equal the peers': every format family and the edges between formats.</summary>
internal static class ConformanceValues
{
    public static IReadOnlyList<MpValue> All { get; } = Build();

    private static List<MpValue> Build()
    {
        var values = new List<MpValue> { new MpNil(), new MpBool(true), new MpBool(false) };
        values.AddRange(Integers());
        values.AddRange(Floats64());
        values.AddRange(Floats32());
        values.AddRange(Strings());
        values.AddRange(Binaries());
        values.AddRange(Arrays());
        values.AddRange(Maps());
        values.AddRange(Extensions());
        values.AddRange(Timestamps());
        return values;
    }

    private static IEnumerable<MpValue> Integers()
    {
        ulong[] positive =
        [
            0, 1, 126, 127, 128, 200, 254, 255, 256, 257, 32767, 32768, 65534, 65535, 65536, 65537,
            int.MaxValue, 1UL << 31, uint.MaxValue - 1, uint.MaxValue, 1UL << 32, (1UL << 32) + 1,
            (1UL << 53) - 1, 1UL << 53, (1UL << 53) + 1, long.MaxValue - 1, long.MaxValue, (ulong)long.MaxValue + 1,
            ulong.MaxValue - 1, ulong.MaxValue,
        ];
        long[] negative =
        [
            -1, -2, -31, -32, -33, -100, -127, -128, -129, -255, -256, -32767, -32768, -32769, -65535, -65536,
            int.MinValue + 1, int.MinValue, (long)int.MinValue - 1, -(1L << 32),
            -(1L << 53) + 1, -(1L << 53), -(1L << 53) - 1, long.MinValue + 1, long.MinValue,
        ];
        return positive.Select(v => (MpValue)new MpInt(v)).Concat(negative.Select(v => new MpInt(v)));
    }

    private static IEnumerable<MpValue> Floats64()
    {
        double[] values =
        [
            0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 0.1, -0.1, Math.PI, Math.E, 123456.789, 1e300, -1e300, 1e-300,
            9007199254740992.0, 9007199254740993.0e3, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue,
            double.PositiveInfinity, double.NegativeInfinity, double.NaN,
            BitConverter.UInt64BitsToDouble(0x7ff8_0000_0000_0000), // the NaN of Python and JavaScript
            BitConverter.UInt64BitsToDouble(0x7ff8_0000_dead_beef), // a NaN with a payload
        ];
        return values.Select(v => new MpFloat64(v));
    }

    private static IEnumerable<MpValue> Floats32()
    {
        float[] values =
        [
            0f, -0f, 1f, -1f, 0.5f, -0.5f, 1.5f, 0.1f, -0.1f, 3.14159f, 16777216f, 1e-30f, 1e30f,
            float.Epsilon, float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity, float.NaN,
            BitConverter.UInt32BitsToSingle(0x7fc0_0000),
        ];
        return values.Select(v => new MpFloat32(v));
    }

    private static IEnumerable<MpValue> Strings()
    {
        int[] lengths = [0, 1, 2, 15, 16, 30, 31, 32, 33, 127, 128, 254, 255, 256, 257, 1000, 65534, 65535, 65536, 65537, 100_000];
        foreach (int length in lengths)
            yield return new MpStr(Ascii(length));
        yield return new MpStr("é");
        yield return new MpStr("日本語のテキスト");
        yield return new MpStr("emoji 😀🚀 and ZWJ 👩‍💻");
        yield return new MpStr("Grüße, Ελληνικά, Кириллица, עברית, العربية");
        yield return new MpStr("\0control\t\n\u001f\u007f");
        yield return new MpStr("\uffff\u0800\u07ff\u0080");
        yield return new MpStr(Repeat("é", 15) + "a");  // 31 bytes, multi-byte
        yield return new MpStr(Repeat("é", 16));        // 32 bytes
        yield return new MpStr(Repeat("€", 85));        // 255 bytes
        yield return new MpStr(Repeat("€", 85) + "a");  // 256 bytes
        yield return new MpStr(Repeat("😀", 16384));    // 65536 bytes
    }

    private static IEnumerable<MpValue> Binaries()
    {
        int[] lengths = [0, 1, 15, 16, 31, 32, 255, 256, 65535, 65536, 70_000];
        return lengths.Select(n => new MpBin(Bytes(n, seed: n)));
    }

    private static IEnumerable<MpValue> Arrays()
    {
        yield return new MpArray([]);
        yield return new MpArray([new MpInt(1)]);
        foreach (int count in new[] { 15, 16, 17, 255, 256, 65535, 65536 })
            yield return new MpArray(Enumerable.Range(0, count).Select(i => (MpValue)new MpInt(i)).ToArray());
        yield return new MpArray([new MpArray([new MpArray([])])]);
        yield return new MpArray(
        [
            new MpNil(), new MpBool(true), new MpInt(-5), new MpInt(300), new MpStr("a"), new MpBin([1, 2]),
            new MpFloat64(2.5), new MpArray([new MpInt(2)]), new MpMap([(new MpStr("k"), new MpInt(3))]),
            new MpExt(7, [9]), new MpTimestamp(1, 0),
        ]);
        yield return new MpArray([new MpFloat32(0.25f), new MpFloat32(float.NaN), new MpFloat32(-1.75f)]);
        yield return new MpArray([new MpInt(ulong.MaxValue), new MpInt(long.MinValue), new MpInt(7)]);
        yield return new MpArray([new MpInt(ulong.MaxValue), new MpInt(1UL << 40), new MpInt(-(1L << 40))]);
        MpValue deep = new MpStr("bottom");
        for (int i = 0; i < 40; i++)
            deep = new MpArray([deep]);
        yield return deep;
    }

    private static IEnumerable<MpValue> Maps()
    {
        yield return new MpMap([]);
        yield return new MpMap([(new MpStr("a"), new MpInt(1))]);
        foreach (int count in new[] { 15, 16, 17, 65535, 65536 })
            yield return new MpMap(Enumerable.Range(0, count).Select(i => ((MpValue)new MpStr("k" + i), (MpValue)new MpInt(i))).ToArray());
        yield return new MpMap([(new MpInt(1), new MpStr("one")), (new MpInt(-2), new MpStr("minus two")), (new MpInt(300), new MpNil())]);
        yield return new MpMap(
        [
            (new MpStr("name"), new MpStr("send-email")),
            (new MpStr("args"), new MpMap([(new MpStr("to"), new MpStr("a@b.c")), (new MpStr("tries"), new MpInt(3))])),
            (new MpStr("tags"), new MpArray([new MpStr("x"), new MpStr("y")])),
            (new MpStr("blob"), new MpBin([0, 255])),
            (new MpStr("ratio"), new MpFloat64(0.75)),
            (new MpStr("at"), new MpTimestamp(1_700_000_000, 5)),
            (new MpStr("none"), new MpNil()),
        ]);
        yield return new MpMap([(new MpStr("Grüße"), new MpStr("日本")), (new MpStr(""), new MpBool(false))]);
        MpValue deep = new MpInt(42);
        for (int i = 0; i < 30; i++)
            deep = new MpMap([(new MpStr("d" + i), deep)]);
        yield return deep;
    }

    private static IEnumerable<MpValue> Extensions()
    {
        foreach (int length in new[] { 1, 2, 4, 8, 16 })
        {
            yield return new MpExt(1, Bytes(length, seed: length));
            yield return new MpExt(127, Bytes(length, seed: length + 1));
            yield return new MpExt(-128, Bytes(length, seed: length + 2));
        }
        foreach (int length in new[] { 0, 3, 5, 17, 255, 256, 65535, 65536, 70_000 })
            yield return new MpExt(42, Bytes(length, seed: length));
        yield return new MpExt(-2, Bytes(12, seed: 3));
    }

    private static IEnumerable<MpValue> Timestamps()
    {
        (long Seconds, uint Nanoseconds)[] stamps =
        [
            (0, 0), (1, 0), (1_700_000_000, 0), (uint.MaxValue, 0),                        // timestamp 32
            (0, 1), (1, 999_999_999), (1_700_000_000, 123_456_789), (uint.MaxValue, 1),   // timestamp 64
            (1L << 32, 0), ((1L << 34) - 1, 0), ((1L << 34) - 1, 999_999_999),             // timestamp 64, after 2106
            (1L << 34, 0), (1L << 34, 1), (253402300799, 999_999_900), (1L << 40, 7),     // timestamp 96, far future
            (-1, 0), (-1, 999_999_999), (-86400 * 365L, 500), (-62135596800, 0),           // timestamp 96, before 1970
            (long.MinValue, 0), (long.MaxValue, 999_999_999),
        ];
        foreach (var (seconds, nanoseconds) in stamps)
            yield return new MpTimestamp(seconds, nanoseconds);
        yield return new MpDateTime(DateTime.UnixEpoch);
        yield return new MpDateTime(new DateTime(2024, 2, 29, 12, 30, 45, DateTimeKind.Utc));
        yield return new MpDateTime(new DateTime(2024, 2, 29, 12, 30, 45, DateTimeKind.Utc).AddTicks(1234567));
        yield return new MpDateTime(new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(1));
        yield return new MpDateTime(new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        yield return new MpDateTime(new DateTime(2106, 2, 7, 6, 28, 16, DateTimeKind.Utc));
        yield return new MpDateTime(new DateTime(2500, 6, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(10));
        yield return new MpDateTime(DateTime.MinValue);
        yield return new MpDateTime(DateTime.MaxValue);
    }

    private static string Ascii(int length)
    {
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++)
            text.Append((char)('a' + i % 26));
        return text.ToString();
    }

    private static string Repeat(string part, int count) => string.Concat(Enumerable.Repeat(part, count));

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
