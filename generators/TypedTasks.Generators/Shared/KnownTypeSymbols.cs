using System.Collections.Generic;
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
        MessagePackFormatterAttribute = compilation.GetTypeByMetadataName("MessagePack.MessagePackFormatterAttribute");
        IMessagePackFormatterOfT = compilation.GetTypeByMetadataName("MessagePack.Formatters.IMessagePackFormatter`1");
        _declaredFormatters = new System.Lazy<Dictionary<ITypeSymbol, List<INamedTypeSymbol>>>(FindDeclaredFormatters);
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
    public INamedTypeSymbol? MessagePackFormatterAttribute { get; }
    public INamedTypeSymbol? IMessagePackFormatterOfT { get; }

    // Lazy: analyzers call in from several threads, and most compilations never ask.
    private readonly System.Lazy<Dictionary<ITypeSymbol, List<INamedTypeSymbol>>> _declaredFormatters;

    /// <summary>
    /// The non-generic classes and structs of this compilation's own source that implement
    /// <c>IMessagePackFormatter&lt;T&gt;</c>, by T; found once per compilation, on first use.
    /// </summary>
    public IReadOnlyList<INamedTypeSymbol> DeclaredFormattersFor(ITypeSymbol type)
    {
        return _declaredFormatters.Value.TryGetValue(type, out var formatters) ? formatters : System.Array.Empty<INamedTypeSymbol>();
    }

    private Dictionary<ITypeSymbol, List<INamedTypeSymbol>> FindDeclaredFormatters()
    {
        var found = new Dictionary<ITypeSymbol, List<INamedTypeSymbol>>(SymbolEqualityComparer.Default);
        if (IMessagePackFormatterOfT is null)
            return found;
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(Compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            foreach (var member in pending.Pop().GetMembers())
            {
                if (member is INamespaceSymbol ns)
                {
                    pending.Push(ns);
                    continue;
                }
                if (member is not INamedTypeSymbol type)
                    continue;
                pending.Push(type);
                if (type.IsGenericType || type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
                    continue;
                foreach (var implemented in type.AllInterfaces)
                {
                    if (!SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, IMessagePackFormatterOfT))
                        continue;
                    var target = implemented.TypeArguments[0];
                    if (!found.TryGetValue(target, out var list))
                        found[target] = list = new List<INamedTypeSymbol>();
                    list.Add(type);
                }
            }
        }
        return found;
    }

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
