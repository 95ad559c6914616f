using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TypedTasks.Generators;

/// <summary>
/// The .NET types TypedTasks maps, each encoded as MessagePack-CSharp's built-in formatter encodes it (so payloads stay
/// readable by MessagePack-CSharp), and the reason for every other framework type. A framework type is never read
/// as a user class: its state is private, so written as a map of its visible members it would arrive empty, default
/// or broken. TT2001's page lists every decision.
/// </summary>
internal static class FrameworkTypes
{
    /// <summary>Value types and classes written as one MessagePack value, by metadata name, with their codec.</summary>
    private static readonly Dictionary<string, string> Primitives = new(StringComparer.Ordinal)
    {
        ["System.DateTimeOffset"] = "DateTimeOffset",
        ["System.TimeSpan"] = "TimeSpan",
        ["System.Guid"] = "Guid",
        ["System.DateOnly"] = "DateOnly",
        ["System.TimeOnly"] = "TimeOnly",
        ["System.Half"] = "Half",
        ["System.Int128"] = "Int128",
        ["System.UInt128"] = "UInt128",
        ["System.Numerics.BigInteger"] = "BigInteger",
        ["System.Numerics.Complex"] = "Complex",
        ["System.Version"] = "Version",
        ["System.Uri"] = "Uri",
    };

    private static readonly Dictionary<string, CollectionKind> Sequences = new(StringComparer.Ordinal)
    {
        ["System.Collections.Generic.List`1"] = CollectionKind.List,
        ["System.Collections.Generic.IList`1"] = CollectionKind.List,
        ["System.Collections.Generic.ICollection`1"] = CollectionKind.List,
        ["System.Collections.Generic.IReadOnlyList`1"] = CollectionKind.List,
        ["System.Collections.Generic.IReadOnlyCollection`1"] = CollectionKind.List,
        ["System.Collections.Generic.IEnumerable`1"] = CollectionKind.Enumerable,
        ["System.Collections.Generic.HashSet`1"] = CollectionKind.HashSet,
        ["System.Collections.Generic.ISet`1"] = CollectionKind.HashSet,
        ["System.Collections.Generic.IReadOnlySet`1"] = CollectionKind.HashSet,
        ["System.Collections.Generic.SortedSet`1"] = CollectionKind.SortedSet,
        ["System.Collections.Generic.LinkedList`1"] = CollectionKind.LinkedList,
        ["System.Collections.Generic.Queue`1"] = CollectionKind.Queue,
        ["System.Collections.Generic.Stack`1"] = CollectionKind.Stack,
        ["System.Collections.ObjectModel.Collection`1"] = CollectionKind.Collection,
        ["System.Collections.ObjectModel.ObservableCollection`1"] = CollectionKind.ObservableCollection,
        ["System.Collections.ObjectModel.ReadOnlyCollection`1"] = CollectionKind.ReadOnlyCollection,
        ["System.Collections.ObjectModel.ReadOnlyObservableCollection`1"] = CollectionKind.ReadOnlyObservableCollection,
        ["System.Collections.Concurrent.ConcurrentQueue`1"] = CollectionKind.ConcurrentQueue,
        ["System.Collections.Concurrent.ConcurrentStack`1"] = CollectionKind.ConcurrentStack,
        ["System.Collections.Concurrent.ConcurrentBag`1"] = CollectionKind.ConcurrentBag,
        ["System.Memory`1"] = CollectionKind.Memory,
        ["System.ReadOnlyMemory`1"] = CollectionKind.ReadOnlyMemory,
        ["System.Collections.Immutable.ImmutableArray`1"] = CollectionKind.ImmutableArray,
        ["System.Collections.Immutable.ImmutableList`1"] = CollectionKind.ImmutableList,
        ["System.Collections.Immutable.IImmutableList`1"] = CollectionKind.ImmutableList,
        ["System.Collections.Immutable.ImmutableHashSet`1"] = CollectionKind.ImmutableHashSet,
        ["System.Collections.Immutable.IImmutableSet`1"] = CollectionKind.ImmutableHashSet,
        ["System.Collections.Immutable.ImmutableSortedSet`1"] = CollectionKind.ImmutableSortedSet,
        ["System.Collections.Immutable.ImmutableQueue`1"] = CollectionKind.ImmutableQueue,
        ["System.Collections.Immutable.IImmutableQueue`1"] = CollectionKind.ImmutableQueue,
        ["System.Collections.Immutable.ImmutableStack`1"] = CollectionKind.ImmutableStack,
        ["System.Collections.Immutable.IImmutableStack`1"] = CollectionKind.ImmutableStack,
    };

    private static readonly Dictionary<string, CollectionKind> Dictionaries = new(StringComparer.Ordinal)
    {
        ["System.Collections.Generic.Dictionary`2"] = CollectionKind.Dictionary,
        ["System.Collections.Generic.IDictionary`2"] = CollectionKind.Dictionary,
        ["System.Collections.Generic.IReadOnlyDictionary`2"] = CollectionKind.Dictionary,
        ["System.Collections.Generic.SortedDictionary`2"] = CollectionKind.SortedDictionary,
        ["System.Collections.Generic.SortedList`2"] = CollectionKind.SortedList,
        ["System.Collections.Concurrent.ConcurrentDictionary`2"] = CollectionKind.ConcurrentDictionary,
        ["System.Collections.ObjectModel.ReadOnlyDictionary`2"] = CollectionKind.ReadOnlyDictionary,
        ["System.Collections.Immutable.ImmutableDictionary`2"] = CollectionKind.ImmutableDictionary,
        ["System.Collections.Immutable.IImmutableDictionary`2"] = CollectionKind.ImmutableDictionary,
        ["System.Collections.Immutable.ImmutableSortedDictionary`2"] = CollectionKind.ImmutableSortedDictionary,
    };

    /// <summary>Why an interface TypedTasks does not map cannot be a member.</summary>
    public const string InterfaceReason = "is an interface without a known shape (use a concrete type, List<T> or Dictionary<TKey, TValue>)";

    /// <summary>The largest tuple TypedTasks writes; an eighth item nests the rest in another tuple (<c>TRest</c>).</summary>
    public const int MaxTupleItems = 7;

    /// <summary>Metadata names of framework types refused with a reason of their own, and that reason.</summary>
    private static readonly Dictionary<string, string> Refused = new(StringComparer.Ordinal)
    {
        ["System.Index"] = "is an Index, which TypedTasks does not map; pass its value and IsFromEnd",
        ["System.Range"] = "is a Range, which TypedTasks does not map; pass its start and end",
        ["System.ArraySegment`1"] = "is an ArraySegment, whose default value has no array; use an array or ReadOnlyMemory<T>",
        ["System.Lazy`1"] = "is a Lazy<T>, a value computed on demand; pass the value",
        ["System.Text.StringBuilder"] = "is a StringBuilder, a text being built; pass its string",
        ["System.TimeZoneInfo"] = "is a TimeZoneInfo, which TypedTasks does not map; pass its Id",
        ["System.Globalization.CultureInfo"] = "is a CultureInfo, which TypedTasks does not map; pass its Name",
        ["System.Collections.BitArray"] = "is a BitArray, which TypedTasks does not map; use bool[]",
        ["System.Collections.Generic.PriorityQueue`2"] = "is a PriorityQueue, whose order is not its enumeration order; pass a list of (element, priority) tuples",
    };

    /// <summary>The metadata name of a type's definition: <c>System.Collections.Generic.List`1</c>, <c>Ns.Outer+Inner</c>.</summary>
    public static string MetadataName(INamedTypeSymbol type)
    {
        type = type.OriginalDefinition;
        string name = type.MetadataName;
        for (var container = type.ContainingType; container is not null; container = container.ContainingType)
            name = container.MetadataName + "+" + name;
        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            name = ns.Name + "." + name;
        return name;
    }

    /// <summary>The codec of a type written as one value, or <see langword="null"/>.</summary>
    public static string? PrimitiveCodec(INamedTypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean: return "Boolean";
            case SpecialType.System_Char: return "Char";
            case SpecialType.System_SByte: return "SByte";
            case SpecialType.System_Byte: return "Byte";
            case SpecialType.System_Int16: return "Int16";
            case SpecialType.System_UInt16: return "UInt16";
            case SpecialType.System_Int32: return "Int32";
            case SpecialType.System_UInt32: return "UInt32";
            case SpecialType.System_Int64: return "Int64";
            case SpecialType.System_UInt64: return "UInt64";
            case SpecialType.System_Single: return "Single";
            case SpecialType.System_Double: return "Double";
            case SpecialType.System_Decimal: return "Decimal";
            case SpecialType.System_String: return "String";
            case SpecialType.System_DateTime: return "DateTime";
        }
        return IsFramework(type) && Primitives.TryGetValue(MetadataName(type), out var codec) ? codec : null;
    }

    /// <summary>Which sequence a generic framework type of one type argument is, or <see langword="null"/>.</summary>
    public static CollectionKind? SequenceKind(INamedTypeSymbol type) =>
        type.TypeArguments.Length == 1 && IsFramework(type) && Sequences.TryGetValue(MetadataName(type), out var kind) ? kind : null;

    /// <summary>Which dictionary a generic framework type of two type arguments is, or <see langword="null"/>.</summary>
    public static CollectionKind? DictionaryKind(INamedTypeSymbol type) =>
        type.TypeArguments.Length == 2 && IsFramework(type) && Dictionaries.TryGetValue(MetadataName(type), out var kind) ? kind : null;

    /// <summary>Which tuple a framework type is (<c>ValueTuple</c>, <c>Tuple</c>, <c>KeyValuePair</c>), or <see langword="null"/>.</summary>
    public static CollectionKind? TupleKind(INamedTypeSymbol type)
    {
        if (!type.IsGenericType || !IsFramework(type))
            return null;
        string name = MetadataName(type);
        if (name == "System.Collections.Generic.KeyValuePair`2")
            return CollectionKind.KeyValuePair;
        if (name.StartsWith("System.ValueTuple`", StringComparison.Ordinal))
            return CollectionKind.ValueTuple;
        if (name.StartsWith("System.Tuple`", StringComparison.Ordinal))
            return CollectionKind.Tuple;
        return null;
    }

    /// <summary>
    /// Whether <paramref name="type"/> comes from .NET itself rather than from the user: a type of a referenced
    /// assembly in the <c>System</c> or <c>Microsoft</c> namespaces, or of a framework assembly.
    /// </summary>
    public static bool IsFramework(INamedTypeSymbol type)
    {
        // The definition, not the type: a tuple with element names, (int Sum, string Log), has a location in source.
        type = type.OriginalDefinition;
        if (type.DeclaringSyntaxReferences.Length > 0)
            return false;
        var ns = type.ContainingNamespace;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
            ns = ns.ContainingNamespace;
        if (ns is { IsGlobalNamespace: false, Name: "System" or "Microsoft" })
            return true;
        string assembly = type.ContainingAssembly?.Name ?? "";
        return assembly is "mscorlib" or "netstandard" or "System" ||
               assembly.StartsWith("System.", StringComparison.Ordinal) || assembly.StartsWith("Microsoft.", StringComparison.Ordinal);
    }

    /// <summary>Why a framework type that has no mapping cannot be a member.</summary>
    public static string RefusalReason(INamedTypeSymbol type)
    {
        string name = MetadataName(type);
        if (Refused.TryGetValue(name, out var reason))
            return reason;
        if (name.StartsWith("System.Text.Json.", StringComparison.Ordinal))
            return "holds parsed JSON, which TypedTasks does not map; pass the JSON text as a string";
        if (name is "System.ValueTuple`8" or "System.Tuple`8")
            return $"is a tuple of more than {MaxTupleItems} items; use a record";
        if (IsNonGenericCollection(type))
            return "is a non-generic collection, whose items have no known type; use List<T>, HashSet<T> or Dictionary<TKey, TValue>";
        if (type.TypeKind == TypeKind.Interface)
            return InterfaceReason;
        if (type.AllInterfaces.Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T))
            return "is a collection TypedTasks does not map; use an array, List<T>, HashSet<T>, Dictionary<TKey, TValue> or another collection TT2001 lists";
        return "is a .NET type TypedTasks does not map, and generated code cannot see its state; use a type TT2001 lists, a record of such types, or give the type a MessagePack formatter";
    }

    private static bool IsNonGenericCollection(INamedTypeSymbol type) =>
        !type.AllInterfaces.Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T) &&
        (type.SpecialType == SpecialType.System_Collections_IEnumerable ||
         type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable));
}
