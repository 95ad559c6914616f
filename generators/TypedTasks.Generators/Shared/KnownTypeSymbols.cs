using Microsoft.CodeAnalysis;

namespace TypedTasks.Generators;

/// <summary>The types TypedTasks recognizes, looked up once per compilation.</summary>
internal sealed class KnownTypeSymbols
{
    public KnownTypeSymbols(Compilation compilation)
    {
        Compilation = compilation;
        IBacktask = compilation.GetTypeByMetadataName("TypedTasks.IBacktask");
        TaskContext = compilation.GetTypeByMetadataName("TypedTasks.TaskContext");
        BacktaskAttribute = compilation.GetTypeByMetadataName("TypedTasks.BacktaskAttribute");
        TaskMemberAttribute = compilation.GetTypeByMetadataName("TypedTasks.TaskMemberAttribute");
        TaskIgnoreAttribute = compilation.GetTypeByMetadataName("TypedTasks.TaskIgnoreAttribute");
        GeneratedTaskRegistryAttribute = compilation.GetTypeByMetadataName("TypedTasks.GeneratedTaskRegistryAttribute");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        DateTimeOffset = compilation.GetTypeByMetadataName("System.DateTimeOffset");
        TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
        Guid = compilation.GetTypeByMetadataName("System.Guid");
        DateOnly = compilation.GetTypeByMetadataName("System.DateOnly");
        TimeOnly = compilation.GetTypeByMetadataName("System.TimeOnly");
        ListOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.List`1");
        IListOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IList`1");
        ICollectionOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.ICollection`1");
        IReadOnlyListOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IReadOnlyList`1");
        IReadOnlyCollectionOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IReadOnlyCollection`1");
        IEnumerableOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IEnumerable`1");
        HashSetOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.HashSet`1");
        ISetOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.ISet`1");
        DictionaryOfTKeyTValue = compilation.GetTypeByMetadataName("System.Collections.Generic.Dictionary`2");
        IDictionaryOfTKeyTValue = compilation.GetTypeByMetadataName("System.Collections.Generic.IDictionary`2");
        IReadOnlyDictionaryOfTKeyTValue = compilation.GetTypeByMetadataName("System.Collections.Generic.IReadOnlyDictionary`2");
        Stream = compilation.GetTypeByMetadataName("System.IO.Stream");
        IServiceProvider = compilation.GetTypeByMetadataName("System.IServiceProvider");
        Type = compilation.GetTypeByMetadataName("System.Type");
        Exception = compilation.GetTypeByMetadataName("System.Exception");
    }

    public Compilation Compilation { get; }
    public INamedTypeSymbol? IBacktask { get; }
    public INamedTypeSymbol? TaskContext { get; }
    public INamedTypeSymbol? BacktaskAttribute { get; }
    public INamedTypeSymbol? TaskMemberAttribute { get; }
    public INamedTypeSymbol? TaskIgnoreAttribute { get; }
    public INamedTypeSymbol? GeneratedTaskRegistryAttribute { get; }
    public INamedTypeSymbol? CancellationToken { get; }
    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? TaskOfT { get; }
    public INamedTypeSymbol? ValueTask { get; }
    public INamedTypeSymbol? ValueTaskOfT { get; }
    public INamedTypeSymbol? DateTimeOffset { get; }
    public INamedTypeSymbol? TimeSpan { get; }
    public INamedTypeSymbol? Guid { get; }
    public INamedTypeSymbol? DateOnly { get; }
    public INamedTypeSymbol? TimeOnly { get; }
    public INamedTypeSymbol? ListOfT { get; }
    public INamedTypeSymbol? IListOfT { get; }
    public INamedTypeSymbol? ICollectionOfT { get; }
    public INamedTypeSymbol? IReadOnlyListOfT { get; }
    public INamedTypeSymbol? IReadOnlyCollectionOfT { get; }
    public INamedTypeSymbol? IEnumerableOfT { get; }
    public INamedTypeSymbol? HashSetOfT { get; }
    public INamedTypeSymbol? ISetOfT { get; }
    public INamedTypeSymbol? DictionaryOfTKeyTValue { get; }
    public INamedTypeSymbol? IDictionaryOfTKeyTValue { get; }
    public INamedTypeSymbol? IReadOnlyDictionaryOfTKeyTValue { get; }
    public INamedTypeSymbol? Stream { get; }
    public INamedTypeSymbol? IServiceProvider { get; }
    public INamedTypeSymbol? Type { get; }
    public INamedTypeSymbol? Exception { get; }

    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        known is not null && type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? known)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (Is(current, known))
                return true;
        }
        return false;
    }
}
