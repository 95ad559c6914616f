// Valid corpus: records, classes and structs as members and as tasks, with the constructors, initializers, defaults,
// renames, inheritance and recursion users write.
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using MessagePack;
using MessagePack.Formatters;
using TypedTasks;

namespace Corpus.UserTypes
{
    public sealed record Address(string Street, int Number, string? Note);
    public sealed record Node(string Name, List<Node> Children);
    public struct Point { public int X { get; set; } public int Y { get; set; } }
    public readonly record struct Size(double Width, double Height);
    public sealed class Settings { public string Mode { get; init; } = "fast"; public int Level { get; set; } = 3; public int Field; }
    public sealed record Box<T>(T Value, List<T> More);
    public sealed record Pair<TLeft, TRight>(TLeft Left, TRight Right);
    public record Animal(string Name);
    public sealed record Dog(string Name, string Breed) : Animal(Name);
    public sealed class Account
    {
        public Account(string owner, decimal balance) { Owner = owner; Balance = balance; }
        public string Owner { get; }
        public decimal Balance { get; }
        public List<string> Tags { get; set; } = new();
    }
    public sealed class Required { public required string Key { get; init; } public required int Count { get; set; } public string Optional { get; init; } = "opt"; }
    public class BaseSettings { public virtual string Name { get; set; } = "base"; public int Shared { get; set; } }
    public sealed class DerivedSettings : BaseSettings { public new string Name { get; set; } = "derived"; public int Own { get; set; } }
    public sealed record WithIgnored(int Kept, [property: TaskIgnore] string Skipped = "gone") { [TaskIgnore] public int Transient { get; set; } }
    public static class Holder { public sealed record InnerData(int Value); }
    public sealed record Empty;
    public sealed record Link(int Value, Link? Next);

    [MessagePackFormatter(typeof(MoneyFormatter))]
    public readonly record struct Money(long Cents, string Currency);

    public sealed class MoneyFormatter : IMessagePackFormatter<Money>
    {
        public void Serialize(ref MessagePackWriter writer, Money value, MessagePackSerializerOptions options)
        {
            writer.WriteArrayHeader(2);
            writer.Write(value.Cents);
            writer.Write(value.Currency);
        }

        public Money Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            reader.ReadArrayHeader();
            return new Money(reader.ReadInt64(), reader.ReadString()!);
        }
    }

    public partial record WithRecords(Address Home, Address? Work, List<Address> Others, Dictionary<string, Address> ByName) : IBacktask
    {
        public static WithRecords Sample => new(new("Main St", 1, "ring twice"), null, new() { new("Side", 2, null) }, new() { ["x"] = new("B", 3, null) });
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record WithTree(Node Root) : IBacktask
    {
        public static WithTree Sample => new(new Node("root", new() { new Node("leaf", new()), new Node("branch", new() { new Node("deep", new()) }) }));
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record WithStructs(Point At, Point? Maybe, List<Point> Path, Size Size, Size? NoSize) : IBacktask
    {
        public static WithStructs Sample => new(new Point { X = 1, Y = -2 }, new Point { X = 5 }, new() { new Point { X = 3 } }, new Size(1.5, 2), null);
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record WithClasses(Settings Settings, Account Account, Required Required, DerivedSettings Derived) : IBacktask
    {
        public static WithClasses Sample => new(new Settings { Mode = "slow", Level = 9, Field = 4 }, new Account("ada", 10.5m) { Tags = new() { "vip" } },
            new Required { Key = "k", Count = 2, Optional = "set" }, new DerivedSettings { Name = "mine", Shared = 1, Own = 2 });
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record WithGenerics(Box<int> Numbers, Box<string> Words, Pair<Address, int> Pair, Box<Box<int>> Nested) : IBacktask
    {
        public static WithGenerics Sample => new(new(1, new() { 2 }), new("a", new() { "b" }), new(new("S", 1, null), 2), new(new(3, new()), new()));
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record WithInheritance(Dog Dog, WithIgnored Ignored, Holder.InnerData Inner, Empty Nothing) : IBacktask
    {
        public static WithInheritance Sample => new(new Dog("Rex", "Collie"), new WithIgnored(9), new Holder.InnerData(7), new Empty());
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record WithFormatter(Money Price, Money? Discount, List<Money> Parts) : IBacktask
    {
        public static WithFormatter Sample => new(new Money(1999, "EUR"), null, new() { new Money(1, "USD") });
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record struct StructTask(int A, string B, ImmutableArray<int> C) : IBacktask
    {
        public static StructTask Sample => new(5, "s", ImmutableArray.Create(1));
        public Task RunAsync() => Task.CompletedTask;
    }

    public readonly partial record struct ReadOnlyStructTask(int A, Guid B) : IBacktask
    {
        public static ReadOnlyStructTask Sample => new(1, Guid.Parse("11111111-2222-3333-4444-555555555555"));
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial class ClassTask : IBacktask
    {
        public string Name { get; init; } = "";
        public int Count { get; set; }
        public List<string> Items { get; init; } = new();
        public double Ratio;
        public static ClassTask Sample => new() { Name = "c", Count = 3, Items = new() { "i" }, Ratio = 0.5 };
        public Task RunAsync() => Task.CompletedTask;
    }

    public sealed partial class ClassWithConstructor : IBacktask
    {
        public ClassWithConstructor(string name, int size, string unused = "u") { Name = name; Size = size; }
        public string Name { get; }
        public int Size { get; }
        public DateTimeOffset? Extra { get; set; }
        public static ClassWithConstructor Sample => new("n", 2) { Extra = DateTimeOffset.UnixEpoch };
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
        public required Version Needed { get; init; }
        public static MixedInit Sample => new(1) { Extra = "set", Optional = 4, Needed = new Version(1, 0) };
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record Renamed([property: TaskMember("n")] string Name, [TaskMember("v")] int Value) : IBacktask
    {
        [TaskMember("x")] public string? Extra { get; set; }
        public static Renamed Sample => new("x", 1) { Extra = "e" };
        public Task RunAsync() => Task.CompletedTask;
    }

    public class TaskBase { public string Tenant { get; set; } = ""; }

    public partial class DerivedTask : TaskBase, IBacktask
    {
        public int Id { get; set; }
        public static DerivedTask Sample => new() { Tenant = "t1", Id = 3 };
        public Task RunAsync() => Task.CompletedTask;
    }

    // A task that refers to its own type.
    public partial record Retry(int Attempt, Retry? Previous) : IBacktask
    {
        public static Retry Sample => new(3, new Retry(2, new Retry(1, null)));
        public Task RunAsync() => Task.CompletedTask;
    }

    // A task whose member is another task.
    public partial record Wrapper(Retry Inner, List<Retry> More) : IBacktask
    {
        public static Wrapper Sample => new(new Retry(1, null), new() { new Retry(2, null) });
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record Chained(Link Head) : IBacktask
    {
        public static Chained Sample => new(new Link(1, new Link(2, new Link(3, null))));
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record WithResults(int A) : IBacktask
    {
        public static WithResults Sample => new(2);
        public Task<(int Sum, ImmutableArray<string> Log)> RunAsync(TaskContext context, CancellationToken cancellationToken) =>
            Task.FromResult((A + 1, ImmutableArray.Create("ran")));
    }

    public partial record WithInt128Result(int A) : IBacktask
    {
        public static WithInt128Result Sample => new(2);
        public ValueTask<Int128> RunAsync() => new(Int128.MaxValue - A);
    }

    public partial record EmptyTask : IBacktask
    {
        public static EmptyTask Sample => new();
        public ValueTask RunAsync() => default;
    }
}
