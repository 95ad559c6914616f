namespace TypedTasks.Generators;

/// <summary>
/// How each collection of <see cref="CollectionKind"/> is written and built, as MessagePack-CSharp's formatters do:
/// an array in enumeration order (a stack top first, and rebuilt so its top stays on top), a dictionary as a map.
/// </summary>
internal static class CollectionRecipes
{
    private const string Generic = "global::System.Collections.Generic.";
    private const string ObjectModel = "global::System.Collections.ObjectModel.";
    private const string Concurrent = "global::System.Collections.Concurrent.";
    private const string Immutable = "global::System.Collections.Immutable.";

    /// <summary>
    /// What the writer enumerates and counts. A collection without a count, or one that can change while it is
    /// enumerated, is first copied (<see cref="Writing.Snapshot"/>, where <c>{0}</c> is the value).
    /// </summary>
    internal sealed record Writing(string? Snapshot, string Count, string Items);

    /// <summary>
    /// How the reader builds the collection: <see cref="Create"/> (<c>{0}</c> is the count) is filled with
    /// <see cref="Add"/> (<c>{0}</c> the buffer, <c>{1}</c> the index, <c>{2}</c> the item, <c>{3}</c> the key), reversed
    /// when <see cref="Reverse"/>, then <see cref="Finish"/> (<c>{0}</c> the buffer) is the value.
    /// </summary>
    internal sealed record Building(string Create, string Add, string Finish, bool Reverse = false);

    public static Writing Write(CollectionKind kind) => kind switch
    {
        CollectionKind.Array or CollectionKind.ImmutableArray => new(null, "{0}.Length", "{0}"),
        CollectionKind.Memory or CollectionKind.ReadOnlyMemory => new(null, "{0}.Length", "{0}.Span"),
        CollectionKind.Enumerable => new("global::System.Linq.Enumerable.ToList({0})", "{0}.Count", "{0}"),
        CollectionKind.ImmutableQueue or CollectionKind.ImmutableStack => new("global::System.Linq.Enumerable.ToArray({0})", "{0}.Length", "{0}"),
        CollectionKind.ConcurrentQueue or CollectionKind.ConcurrentStack or CollectionKind.ConcurrentBag or CollectionKind.ConcurrentDictionary =>
            new("{0}.ToArray()", "{0}.Length", "{0}"),
        _ => new(null, "{0}.Count", "{0}"),
    };

    /// <summary>The recipe of a sequence of <paramref name="element"/> (the declared element type).</summary>
    public static Building Sequence(CollectionKind kind, string element, string newArray)
    {
        string Of(string type) => $"{type}<{element}>";
        var add = new Building("", "{0}.Add({2});", "{0}");
        var array = new Building(newArray, "{0}[{1}] = {2};", "{0}");
        return kind switch
        {
            CollectionKind.Array or CollectionKind.Memory or CollectionKind.ReadOnlyMemory => array,
            CollectionKind.HashSet => add with { Create = $"new {Of(Generic + "HashSet")}()" },
            CollectionKind.SortedSet => add with { Create = $"new {Of(Generic + "SortedSet")}()" },
            CollectionKind.LinkedList => new($"new {Of(Generic + "LinkedList")}()", "{0}.AddLast({2});", "{0}"),
            CollectionKind.Queue => new($"new {Of(Generic + "Queue")}({{0}})", "{0}.Enqueue({2});", "{0}"),
            CollectionKind.Stack => array with { Finish = $"new {Of(Generic + "Stack")}({{0}})", Reverse = true },
            CollectionKind.Collection => add with { Create = $"new {Of(ObjectModel + "Collection")}()" },
            CollectionKind.ObservableCollection => add with { Create = $"new {Of(ObjectModel + "ObservableCollection")}()" },
            CollectionKind.ReadOnlyCollection => add with { Create = $"new {Of(Generic + "List")}({{0}})", Finish = $"new {Of(ObjectModel + "ReadOnlyCollection")}({{0}})" },
            CollectionKind.ReadOnlyObservableCollection => add with
            {
                Create = $"new {Of(ObjectModel + "ObservableCollection")}()",
                Finish = $"new {Of(ObjectModel + "ReadOnlyObservableCollection")}({{0}})",
            },
            CollectionKind.ConcurrentQueue => new($"new {Of(Concurrent + "ConcurrentQueue")}()", "{0}.Enqueue({2});", "{0}"),
            // Both enumerate the most recent item first: built from the reversed items, they enumerate as written.
            CollectionKind.ConcurrentStack => array with { Finish = $"new {Of(Concurrent + "ConcurrentStack")}({{0}})", Reverse = true },
            CollectionKind.ConcurrentBag => array with { Finish = $"new {Of(Concurrent + "ConcurrentBag")}({{0}})", Reverse = true },
            CollectionKind.ImmutableArray => add with { Create = $"{Immutable}ImmutableArray.CreateBuilder<{element}>({{0}})", Finish = "{0}.MoveToImmutable()" },
            CollectionKind.ImmutableList => add with { Create = $"{Immutable}ImmutableList.CreateBuilder<{element}>()", Finish = "{0}.ToImmutable()" },
            CollectionKind.ImmutableHashSet => add with { Create = $"{Immutable}ImmutableHashSet.CreateBuilder<{element}>()", Finish = "{0}.ToImmutable()" },
            CollectionKind.ImmutableSortedSet => add with { Create = $"{Immutable}ImmutableSortedSet.CreateBuilder<{element}>()", Finish = "{0}.ToImmutable()" },
            CollectionKind.ImmutableQueue => array with { Finish = $"{Immutable}ImmutableQueue.Create({{0}})" },
            CollectionKind.ImmutableStack => array with { Finish = $"{Immutable}ImmutableStack.Create({{0}})", Reverse = true },
            _ => add with { Create = $"new {Of(Generic + "List")}({{0}})" },
        };
    }

    /// <summary>The recipe of a dictionary from <paramref name="key"/> to <paramref name="value"/> (declared types).</summary>
    public static Building Dictionary(CollectionKind kind, string key, string value)
    {
        string Of(string type) => $"{type}<{key}, {value}>";
        var indexer = new Building("", "{0}[{3}] = {2};", "{0}");
        return kind switch
        {
            CollectionKind.SortedDictionary => indexer with { Create = $"new {Of(Generic + "SortedDictionary")}()" },
            CollectionKind.SortedList => indexer with { Create = $"new {Of(Generic + "SortedList")}({{0}})" },
            CollectionKind.ConcurrentDictionary => indexer with { Create = $"new {Of(Concurrent + "ConcurrentDictionary")}()" },
            CollectionKind.ReadOnlyDictionary => indexer with { Create = $"new {Of(Generic + "Dictionary")}({{0}})", Finish = $"new {Of(ObjectModel + "ReadOnlyDictionary")}({{0}})" },
            CollectionKind.ImmutableDictionary => indexer with { Create = $"{Immutable}ImmutableDictionary.CreateBuilder<{key}, {value}>()", Finish = "{0}.ToImmutable()" },
            CollectionKind.ImmutableSortedDictionary => indexer with { Create = $"{Immutable}ImmutableSortedDictionary.CreateBuilder<{key}, {value}>()", Finish = "{0}.ToImmutable()" },
            _ => indexer with { Create = $"new {Of(Generic + "Dictionary")}({{0}})" },
        };
    }
}
