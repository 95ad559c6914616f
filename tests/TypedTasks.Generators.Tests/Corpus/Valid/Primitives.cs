// Valid corpus: numbers, texts, times, identifiers and binary members. Each task's Sample is enqueued through the
// in-memory broker, read back by the generated reader and compared member by member (CorpusTests).
using System;
using System.Numerics;
using System.Threading.Tasks;
using TypedTasks;

namespace Corpus.Primitives
{
    public enum Color { Red, Green = 5, Blue = 300 }
    [Flags] public enum Access { None = 0, Read = 1, Write = 2, Admin = 4 }
    public enum Tiny : byte { A = 1, B = 255 }
    public enum Wide : long { Low = long.MinValue, High = long.MaxValue }
    public enum Signed : sbyte { Minus = -100, Plus = 100 }

    public partial record Integers(sbyte A, byte B, short C, ushort D, int E, uint F, long G, ulong H) : IBacktask
    {
        public static Integers Sample => new(sbyte.MinValue, byte.MaxValue, short.MinValue, ushort.MaxValue, int.MinValue, uint.MaxValue, long.MinValue, ulong.MaxValue);
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record SmallIntegers(int Zero, int PositiveFix, int NegativeFix, long Int16Range, ulong UInt32Range) : IBacktask
    {
        public static SmallIntegers Sample => new(0, 127, -32, -30_000, 4_000_000_000);
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record Floats(float Single, double Double, decimal Decimal, Half Half) : IBacktask
    {
        public static Floats Sample => new(1.5f, Math.PI, 12345.6789m, (Half)0.333);
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record FloatEdges(double NotANumber, double PlusInfinity, float MinusInfinity, float NegativeZero, double Tiny, Half HalfMax, Half HalfEpsilon, Half HalfNaN, decimal DecimalMax, decimal Scaled) : IBacktask
    {
        public static FloatEdges Sample => new(double.NaN, double.PositiveInfinity, float.NegativeInfinity, -0.0f, double.Epsilon, Half.MaxValue, Half.Epsilon, Half.NaN, decimal.MaxValue, 1.500m);
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record WideIntegers(Int128 Signed, UInt128 Unsigned, Int128 Small, BigInteger Big, BigInteger Negative, BigInteger Zero) : IBacktask
    {
        public static WideIntegers Sample => new(Int128.MinValue, UInt128.MaxValue, -1, BigInteger.Pow(3, 200), -BigInteger.Pow(2, 100) + 7, BigInteger.Zero);
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record ComplexNumbers(Complex Value, Complex Zero, Complex? Maybe, Complex? None) : IBacktask
    {
        public static ComplexNumbers Sample => new(new Complex(1.5, -2.25), Complex.Zero, Complex.ImaginaryOne, null);
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record Texts(string Plain, string? Missing, char Letter, char Last, string Empty, string Unicode) : IBacktask
    {
        public static Texts Sample => new("héllo wörld", null, 'λ', '\uffff', "", "😀 ✓ ß \u0000 \"quoted\"");
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record LongTexts(string Str8, string Str16, string Str32) : IBacktask
    {
        public static LongTexts Sample => new(new string('a', 200), new string('b', 300), new string('c', 70_000));
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record Flags(bool Yes, bool No, bool? Maybe, bool? Unknown) : IBacktask
    {
        public static Flags Sample => new(true, false, true, null);
        public Task RunAsync() => Task.CompletedTask;
    }

    // A DateTime travels as the timestamp extension in UTC: a Local time comes back as the same instant with Kind Utc,
    // an Unspecified one is taken as UTC (as MessagePack-CSharp does). The comparison checks exactly that.
    public partial record Times(DateTime Utc, DateTime Local, DateTime Unspecified, DateTimeKind Kind, DateTimeOffset East, DateTimeOffset West, TimeSpan Span, TimeSpan Negative, DateOnly Day, TimeOnly Clock) : IBacktask
    {
        public static Times Sample => new(
            new DateTime(2026, 11, 22, 8, 30, 0, DateTimeKind.Utc).AddTicks(1234567),
            new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Local),
            new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Unspecified),
            DateTimeKind.Local,
            new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(14)),
            new DateTimeOffset(1969, 12, 31, 19, 0, 0, TimeSpan.FromMinutes(-330)),
            TimeSpan.FromMinutes(90),
            TimeSpan.FromTicks(-123456789),
            new DateOnly(2024, 2, 29),
            new TimeOnly(23, 59, 58, 999));
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record TimeEdges(DateTime Min, DateTime Max, DateTime BeforeEpoch, DateOnly FirstDay, DateOnly LastDay, TimeOnly Midnight, TimeOnly LastTick, TimeSpan Longest) : IBacktask
    {
        public static TimeEdges Sample => new(DateTime.MinValue, DateTime.MaxValue, new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            DateOnly.MinValue, DateOnly.MaxValue, TimeOnly.MinValue, TimeOnly.MaxValue, TimeSpan.MaxValue);
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record Identifiers(Guid Id, Guid? Maybe, Guid? None, Version Release, Version? NoVersion, Version Short, Uri Absolute, Uri Relative, Uri? NoUri) : IBacktask
    {
        public static Identifiers Sample => new(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), Guid.Empty, null,
            new Version(1, 2, 3, 4), null, new Version(2, 0), new Uri("https://example.com/a b?q=1#frag"), new Uri("../up/there", UriKind.Relative), null);
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record Binary(byte[] Blob, byte[]? NoBlob, ReadOnlyMemory<byte> Payload, Memory<byte> Buffer, ReadOnlyMemory<byte> Empty, byte[] Large) : IBacktask
    {
        public static Binary Sample => new(new byte[] { 0, 1, 255 }, null, new byte[] { 1, 2, 3 }, new byte[] { 9, 8 }, ReadOnlyMemory<byte>.Empty, new byte[70_000]);
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record Enums(Color Color, Access Access, Tiny Tiny, Wide Wide, Signed Signed, DayOfWeek Day, Color Undeclared) : IBacktask
    {
        public static Enums Sample => new(Color.Blue, Access.Read | Access.Admin, Tiny.B, Wide.Low, Signed.Minus, DayOfWeek.Saturday, (Color)42);
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record NullableValues(int? A, int? B, double? C, Color? D, Color? E, TimeSpan? F, DateTime? G, Int128? H, Half? I, BigInteger? J, DateOnly? K) : IBacktask
    {
        public static NullableValues Sample => new(42, null, 2.5, Color.Green, null, TimeSpan.FromSeconds(1), null, Int128.MaxValue, (Half)1, BigInteger.MinusOne, null);
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record Defaults(int A, string B = "dflt \"q\"", int C = int.MinValue, Color D = Color.Green, double E = double.NaN,
        float F = float.PositiveInfinity, long G = long.MinValue, ulong H = ulong.MaxValue, decimal I = 1.50m, char J = '\0',
        Signed K = Signed.Minus, Color? L = Color.Blue, bool M = true, string? N = null, uint O = 7, short P = -3) : IBacktask
    {
        public static Defaults Sample => new(1);
        public Task RunAsync() => Task.CompletedTask;
    }
}
