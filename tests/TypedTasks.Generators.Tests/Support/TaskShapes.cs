namespace TypedTasks.Generators.Tests;

/// <summary>User code declaring tasks of every supported shape, each with a <c>Sample</c> value.</summary>
public static class TaskShapes
{
    public const string Source = """
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using TypedTasks;

namespace Shapes
{
    public enum Color { Red, Green = 5, Blue = 300 }
    public enum Small : byte { A = 1, B = 200 }
    public sealed record Address(string Street, int Number, string? Note);
    public sealed record Node(string Name, List<Node> Children);
    public struct Point { public int X { get; set; } public int Y { get; set; } }
    public sealed class Settings { public string Mode { get; init; } = "fast"; public int Level { get; set; } = 3; }

    public partial record Ints(sbyte A, byte B, short C, ushort D, int E, uint F, long G, ulong H) : IBacktask
    {
        public static Ints Sample => new(-128, 255, short.MinValue, ushort.MaxValue, int.MinValue, uint.MaxValue, long.MinValue, ulong.MaxValue);
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record Floats(float A, double B, decimal C) : IBacktask
    {
        public static Floats Sample => new(1.5f, Math.PI, 12345.6789m);
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record Texts(string A, string? B, char C, string Empty) : IBacktask
    {
        public static Texts Sample => new("héllo wörld ✓", null, 'λ', "");
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record Flags(bool Yes, bool No) : IBacktask
    {
        public static Flags Sample => new(true, false);
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record Times(DateTime At, DateTimeOffset When, TimeSpan Span, DateOnly Day, TimeOnly Clock) : IBacktask
    {
        public static Times Sample => new(new DateTime(2026, 11, 22, 8, 30, 0, DateTimeKind.Utc), new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)), TimeSpan.FromMinutes(90), new DateOnly(2026, 2, 28), new TimeOnly(23, 59, 58));
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record Ids(Guid Id, Guid? Maybe, byte[] Blob, byte[]? NoBlob) : IBacktask
    {
        public static Ids Sample => new(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), null, new byte[] { 1, 2, 3 }, null);
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record Enums(Color Color, Small Small, Color? Maybe) : IBacktask
    {
        public static Enums Sample => new(Color.Blue, Small.B, Color.Green);
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record NullableValues(int? A, int? B, double? C, bool? D) : IBacktask
    {
        public static NullableValues Sample => new(42, null, 2.5, null);
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record Arrays(int[] Numbers, string[] Words, int[][] Jagged) : IBacktask
    {
        public static Arrays Sample => new(new[] { 1, 2, 3 }, new[] { "a", "b" }, new[] { new[] { 1 }, new int[0] });
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record Lists(List<int> Numbers, IReadOnlyList<string> Words, IList<long> Longs, ICollection<bool> Bools, IEnumerable<double> Doubles, IReadOnlyCollection<byte> Bytes) : IBacktask
    {
        public static Lists Sample => new(new() { 1, 2 }, new List<string> { "x" }, new List<long> { long.MaxValue }, new List<bool> { true }, new List<double> { 1.5 }, new List<byte> { 9 });
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record Sets(HashSet<string> Tags, ISet<int> Numbers) : IBacktask
    {
        public static Sets Sample => new(new() { "a" }, new HashSet<int> { 7 });
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record Maps(Dictionary<string, int> Counts, IReadOnlyDictionary<int, string> Names, IDictionary<Guid, Color> Colors, Dictionary<Color, List<string>> Nested) : IBacktask
    {
        public static Maps Sample => new(new() { ["a"] = 1 }, new Dictionary<int, string> { [1] = "one" }, new Dictionary<Guid, Color> { [Guid.Empty] = Color.Red }, new() { [Color.Green] = new() { "g" } });
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record WithAddress(string Name, Address Home, Address? Work) : IBacktask
    {
        public static WithAddress Sample => new("Ada", new Address("Main St", 1, null), null);
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record WithTree(Node Root) : IBacktask
    {
        public static WithTree Sample => new(new Node("root", new() { new Node("leaf", new()) }));
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record WithStruct(Point At, Point? Maybe, List<Point> Path) : IBacktask
    {
        public static WithStruct Sample => new(new Point { X = 1, Y = -2 }, null, new() { new Point { X = 3 } });
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record WithClassMember(Settings Settings) : IBacktask
    {
        public static WithClassMember Sample => new(new Settings { Mode = "slow", Level = 9 });
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record ListOfRecords(List<Address> Addresses, Dictionary<string, Address> ByName) : IBacktask
    {
        public static ListOfRecords Sample => new(new() { new("A", 1, "n") }, new() { ["x"] = new("B", 2, null) });
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record Defaults(int A, string B = "dflt", int C = 7, Color D = Color.Green, double E = 1.5) : IBacktask
    {
        public static Defaults Sample => new(1);
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record struct StructTask(int A, string B) : IBacktask
    {
        public static StructTask Sample => new(5, "s");
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial class ClassTask : IBacktask
    {
        public string Name { get; init; } = "";
        public int Count { get; set; }
        public List<string> Items { get; init; } = new();
        public static ClassTask Sample => new() { Name = "c", Count = 3, Items = new() { "i" } };
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial class ClassWithConstructor : IBacktask
    {
        public ClassWithConstructor(string name, int size) { Name = name; Size = size; }
        public string Name { get; }
        public int Size { get; }
        public static ClassWithConstructor Sample => new("n", 2);
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial struct StructWithProperties : IBacktask
    {
        public int A { get; set; }
        public string? B { get; set; }
        public static StructWithProperties Sample => new() { A = 1, B = "b" };
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record MixedInit(int A) : IBacktask
    {
        public string Extra { get; init; } = "extra";
        public int? Optional { get; init; }
        public static MixedInit Sample => new(1) { Extra = "set", Optional = 4 };
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record RequiredMembers : IBacktask
    {
        public required string Key { get; init; }
        public int Other { get; init; } = 2;
        public static RequiredMembers Sample => new() { Key = "k", Other = 5 };
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record Ignored(int Kept, [property: TaskIgnore] string Skipped = "gone") : IBacktask
    {
        [TaskIgnore] public int Transient { get; set; }
        public static Ignored Sample => new(1, "gone");
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record Renamed([property: TaskMember("n")] string Name, [TaskMember("v")] int Value) : IBacktask
    {
        public static Renamed Sample => new("x", 1);
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record Empty : IBacktask
    {
        public static Empty Sample => new();
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record ValueTaskReturn(int A) : IBacktask
    {
        public static ValueTaskReturn Sample => new(1);
        public ValueTask RunAsync(CancellationToken ct) => default;
    }
    public partial record WithResult(int A, int B) : IBacktask
    {
        public static WithResult Sample => new(20, 22);
        public Task<int> RunAsync(TaskContext context) => Task.FromResult(A + B);
    }
    public partial record WithRecordResult(string Who) : IBacktask
    {
        public static WithRecordResult Sample => new("you");
        public ValueTask<Address> RunAsync() => new(new Address(Who, 1, null));
    }
    public partial record BigStrings(string S31, string S32, string S256, string S70000) : IBacktask
    {
        public static BigStrings Sample => new(new string('a', 31), new string('b', 32), new string('c', 256), new string('d', 70000));
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record EdgeTimes(DateTime BeforeEpoch, DateTime WithTicks, DateTime Far, DateTime Max, DateTimeOffset West, TimeSpan Negative, DateOnly First, TimeOnly Last) : IBacktask
    {
        public static EdgeTimes Sample => new(new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 1, 1, 0, 0, 0, 123, DateTimeKind.Utc).AddTicks(4567),
            new DateTime(2600, 6, 15, 12, 0, 0, DateTimeKind.Utc), DateTime.MaxValue, new DateTimeOffset(1969, 12, 31, 19, 0, 0, TimeSpan.FromMinutes(-330)),
            TimeSpan.FromTicks(-123456789), DateOnly.MinValue, TimeOnly.MaxValue);
        public Task RunAsync() => Task.CompletedTask;
    }
    public partial record EdgeValues(double NotANumber, float NegativeZero, double Tiny, decimal Max, decimal Scaled, decimal Negative, char Last, string Emoji, long Min, ulong Max64) : IBacktask
    {
        public static EdgeValues Sample => new(double.NaN, -0.0f, double.Epsilon, decimal.MaxValue, 1.500m, -0.000001m, '\uffff', "😀 ✓ ß", long.MinValue, ulong.MaxValue);
        public Task RunAsync() => Task.CompletedTask;
    }
    [Backtask(Name = "shapes.attributed", Queue = "q1", MaxRetries = 3, TimeoutSeconds = 30, Unique = true, UniqueForSeconds = 60, UniqueMode = UniqueMode.UntilStarted, KeepResultForSeconds = 120, Retention = Retention.KeepAll)]
    public partial record Attributed(int A) : IBacktask
    {
        public static Attributed Sample => new(1);
        public static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(attempt * 2);
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial class Outer
    {
        public partial record Inner(int A) : IBacktask
        {
            public static Inner Sample => new(3);
            public Task RunAsync() => Task.CompletedTask;
        }
    }
}

public partial record GlobalTask(string Text) : TypedTasks.IBacktask
{
    public static GlobalTask Sample => new("global");
    public System.Threading.Tasks.Task RunAsync() => System.Threading.Tasks.Task.CompletedTask;
}
""";
}
