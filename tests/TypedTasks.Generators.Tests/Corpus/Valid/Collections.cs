// Valid corpus: every collection, dictionary and tuple TypedTasks maps, including the ones that used to arrive empty
// or default (Queue<int>, ObservableCollection<string>, ImmutableArray<int>, ReadOnlyMemory<byte>).
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Collections.ObjectModel;
using System.Threading.Tasks;
using TypedTasks;

namespace Corpus.Collections
{
    public enum Color { Red, Green, Blue }
    public sealed record Address(string Street, int Number);

    public partial record Arrays(int[] Numbers, string?[] Words, int[][] Jagged, (int Id, string Name)[] Pairs, List<int>[] Lists, byte[][] Blobs, int[] Empty) : IBacktask
    {
        public static Arrays Sample => new(new[] { 1, 2, 3 }, new[] { "a", null, "c" }, new[] { new[] { 1 }, new int[0] }, new[] { (1, "one"), (2, "two") },
            new[] { new List<int> { 4 } }, new[] { new byte[] { 1 }, new byte[0] }, new int[0]);
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record ListInterfaces(List<int> List, IList<string> IList, ICollection<long> ICollection, IReadOnlyList<Guid> IReadOnlyList, IReadOnlyCollection<byte> IReadOnlyCollection, IEnumerable<double> IEnumerable) : IBacktask
    {
        public static ListInterfaces Sample => new(new() { 1, 2 }, new List<string> { "x" }, new List<long> { long.MaxValue }, new[] { Guid.Empty },
            new List<byte> { 9 }, new[] { 1.5, 2.5 });
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record Sets(HashSet<string> HashSet, ISet<int> ISet, IReadOnlySet<Color> IReadOnlySet, SortedSet<string> SortedSet) : IBacktask
    {
        public static Sets Sample => new(new() { "a", "b" }, new HashSet<int> { 7, 8 }, new HashSet<Color> { Color.Blue }, new(StringComparer.Ordinal) { "z", "a", "m" });
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record QueuesAndStacks(Queue<int> Queue, Stack<string> Stack, LinkedList<double> Linked) : IBacktask
    {
        public static QueuesAndStacks Sample => new(new Queue<int>(new[] { 1, 2, 3 }), new Stack<string>(new[] { "bottom", "middle", "top" }), new LinkedList<double>(new[] { 1.0, 2.0 }));
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record ObjectModel(Collection<int> Collection, ObservableCollection<string> Observable, ReadOnlyCollection<int> ReadOnly, ReadOnlyObservableCollection<string> ReadOnlyObservable) : IBacktask
    {
        public static ObjectModel Sample => new(new Collection<int> { 1, 2 }, new ObservableCollection<string> { "a", "b" }, new ReadOnlyCollection<int>(new[] { 3 }),
            new ReadOnlyObservableCollection<string>(new ObservableCollection<string> { "c" }));
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record Concurrent(ConcurrentQueue<int> Queue, ConcurrentStack<int> Stack, ConcurrentBag<int> Bag, ConcurrentDictionary<string, int> Dictionary) : IBacktask
    {
        public static Concurrent Sample => new(new ConcurrentQueue<int>(new[] { 1, 2, 3 }), new ConcurrentStack<int>(new[] { 4, 5, 6 }), new ConcurrentBag<int>(new[] { 7, 8, 9 }),
            new ConcurrentDictionary<string, int>(new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 }));
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record Memories(Memory<int> Numbers, ReadOnlyMemory<string> Words, ReadOnlyMemory<byte> Bytes, Memory<int> Empty) : IBacktask
    {
        public static Memories Sample => new(new[] { 1, 2, 3 }, new[] { "a", "b" }, new byte[] { 1, 2, 3 }, Memory<int>.Empty);
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record ImmutableSequences(ImmutableArray<int> Array, ImmutableArray<int> DefaultArray, ImmutableArray<string> EmptyArray, ImmutableList<int> List, IImmutableList<string> IList,
        ImmutableHashSet<int> HashSet, IImmutableSet<string> ISet, ImmutableSortedSet<int> SortedSet, ImmutableQueue<int> Queue, IImmutableQueue<string> IQueue,
        ImmutableStack<int> Stack, IImmutableStack<string> IStack) : IBacktask
    {
        public static ImmutableSequences Sample => new(ImmutableArray.Create(1, 2, 3), default, ImmutableArray<string>.Empty, ImmutableList.Create(4, 5), ImmutableList.Create("x"),
            ImmutableHashSet.Create(6, 7), ImmutableHashSet.Create("y"), ImmutableSortedSet.Create(9, 8), ImmutableQueue.Create(1, 2, 3), ImmutableQueue.Create("q"),
            ImmutableStack.Create(1, 2, 3), ImmutableStack.Create("bottom", "top"));
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record ImmutableMaps(ImmutableDictionary<string, int> Dictionary, IImmutableDictionary<int, string> IDictionary, ImmutableSortedDictionary<string, Color> Sorted) : IBacktask
    {
        public static ImmutableMaps Sample => new(ImmutableDictionary<string, int>.Empty.Add("a", 1), ImmutableDictionary<int, string>.Empty.Add(2, "two"),
            ImmutableSortedDictionary<string, Color>.Empty.Add("z", Color.Blue).Add("a", Color.Red));
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record Dictionaries(Dictionary<string, int> Counts, IDictionary<int, string> Names, IReadOnlyDictionary<Guid, Color> Colors, SortedDictionary<string, int> Sorted,
        SortedList<int, string> SortedList, ReadOnlyDictionary<string, string> ReadOnly, Dictionary<Color, List<string>> Nested, Dictionary<char, int> ByChar,
        Dictionary<long, Address> Addresses, Dictionary<string, int?> NullableValues) : IBacktask
    {
        public static Dictionaries Sample => new(new() { ["a"] = 1 }, new Dictionary<int, string> { [1] = "one" }, new Dictionary<Guid, Color> { [Guid.Empty] = Color.Red },
            new() { ["z"] = 26, ["a"] = 1 }, new() { [2] = "b", [1] = "a" }, new(new Dictionary<string, string> { ["k"] = "v" }),
            new() { [Color.Green] = new() { "g" } }, new() { ['x'] = 1 }, new() { [long.MaxValue] = new("Main", 1) }, new() { ["none"] = null, ["one"] = 1 });
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record Tuples((double Lat, double Lon) Position, (int, string, bool) Triple, ValueTuple<int> Single, (int, int, int, int, int, int, int) Seven,
        Tuple<int, string> Reference, Tuple<int, string>? NoReference, KeyValuePair<string, int> Pair, (string Name, Address Home)? WithRecord) : IBacktask
    {
        public static Tuples Sample => new((52.52, 13.405), (1, "x", true), new ValueTuple<int>(5), (1, 2, 3, 4, 5, 6, 7), Tuple.Create(2, "two"), null,
            new KeyValuePair<string, int>("k", 3), ("Ada", new Address("Main", 1)));
        public Task RunAsync() => Task.CompletedTask;
    }

    // Every tuple arity TypedTasks writes (1 to 7 items), of both kinds.
    public partial record TupleArities((string, int, int, int) Four, (string, int, int, int, int) Five, (string, int, int, int, int, int) Six,
        Tuple<int> One, Tuple<string, int, int> Three, Tuple<string, int, int, int, int, int, int> Seven) : IBacktask
    {
        public static TupleArities Sample => new(("a", 1, 2, 3), ("b", 1, 2, 3, 4), ("c", 1, 2, 3, 4, 5), Tuple.Create(1), Tuple.Create("d", 1, 2),
            Tuple.Create("e", 1, 2, 3, 4, 5, 6));
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record TuplesInCollections(List<(string Key, int Count)> Counts, Dictionary<string, (int Min, int Max)> Ranges, KeyValuePair<int, string>[] Pairs, (int, List<(string, int)>) Nested) : IBacktask
    {
        public static TuplesInCollections Sample => new(new() { ("a", 1), ("b", 2) }, new() { ["r"] = (1, 9) }, new[] { new KeyValuePair<int, string>(1, "one") }, (3, new() { ("x", 1) }));
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record NestedCollections(List<List<int>> Matrix, Dictionary<string, Dictionary<string, int>> Table, HashSet<ImmutableArray<int>> Odd, Queue<Stack<int>> Queues) : IBacktask
    {
        public static NestedCollections Sample => new(new() { new() { 1, 2 }, new() }, new() { ["a"] = new() { ["b"] = 2 } }, new() { ImmutableArray.Create(1) },
            new Queue<Stack<int>>(new[] { new Stack<int>(new[] { 1, 2 }) }));
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record NullCollections(List<int>? List, int[]? Array, Dictionary<string, int>? Map, Queue<int>? Queue, ImmutableList<int>? Immutable, (int, int)? Tuple, ImmutableArray<int>? NullableArray) : IBacktask
    {
        public static NullCollections Sample => new(null, null, null, null, null, null, null);
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record NullableImmutableArray(ImmutableArray<int>? Filled, ImmutableArray<int>? Empty) : IBacktask
    {
        public static NullableImmutableArray Sample => new(ImmutableArray.Create(4, 5), ImmutableArray<int>.Empty);
        public Task RunAsync() => Task.CompletedTask;
    }
}
