using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TypedTasks.Generators;

/// <summary>
/// Decides how each CLR type is encoded, or why it cannot be. The generator emits serializers from its shapes and the
/// analyzer reports its errors, so the two never disagree about what is serializable. The model is closed: a type is
/// a primitive, enum, <c>Nullable</c>, collection or tuple of <see cref="FrameworkTypes"/>, a type with a user
/// formatter, or a user record, class or struct whose state generated code can see; anything else has a reason.
/// </summary>
internal sealed partial class TypeShapeReader
{
    private static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    private readonly KnownTypeSymbols _known;
    private readonly Dictionary<string, ObjectShape?> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ShapeError> _objectErrors = new(StringComparer.Ordinal);

    public TypeShapeReader(KnownTypeSymbols known) => _known = known;

    private readonly SortedSet<string> _obsoleteWarnings = new(StringComparer.Ordinal);

    /// <summary>The <see cref="TypedTasks.Generators.ObsoleteWarnings"/> of the types, members and constructors read so far.</summary>
    public IEnumerable<string> ObsoleteWarnings => _obsoleteWarnings;

    private void NoteObsolete(ISymbol symbol)
    {
        foreach (var id in TypedTasks.Generators.ObsoleteWarnings.Of(symbol))
            _obsoleteWarnings.Add(id);
    }

    /// <summary>Every record, class or struct read so far (the task and its nested types, transitively).</summary>
    public IEnumerable<ObjectShape> Objects => _objects.Values.Where(o => o is not null)!;

    public static string FullName(ITypeSymbol type) =>
        type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(FullyQualified);

    /// <summary>The shape of <paramref name="type"/>, or the reason it has none.</summary>
    public TypeShape? Read(ITypeSymbol type, out ShapeError? error)
    {
        error = null;
        bool annotated = type.NullableAnnotation == NullableAnnotation.Annotated;
        string name = FullName(type);

        if (ServiceReason(type) is { } service)
            return Refuse(service, out error, isService: true);
        switch (type)
        {
            case ITypeParameterSymbol:
                return Refuse("is a generic type parameter, whose shape is unknown until run time", out error);
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return Refuse("is a pointer", out error);
            case IDynamicTypeSymbol:
                return Refuse("is dynamic, so its shape is unknown until run time", out error);
            case IArrayTypeSymbol array:
                if (array.Rank != 1)
                    return Refuse("is a multi-dimensional array", out error);
                if (array.ElementType.SpecialType == SpecialType.System_Byte)
                    return new TypeShape(ShapeKind.Primitive, name, annotated, true, "Bytes");
                return ReadSequence(name, annotated, true, CollectionKind.Array, array.ElementType, out error);
        }

        if (type is not INamedTypeSymbol named)
            return Refuse("has no MessagePack shape", out error);
        NoteObsolete(named);
        if (named.IsRefLikeType)
            return Refuse("is a ref struct, which cannot be stored", out error);
        if (FrameworkTypes.PrimitiveCodec(named) is { } codec)
            return new TypeShape(ShapeKind.Primitive, name, annotated, named.IsReferenceType, codec);
        if (named.TypeKind == TypeKind.Enum && named.EnumUnderlyingType is { } underlying)
            return new TypeShape(ShapeKind.Enum, name, annotated, false,
                Element: new TypeShape(ShapeKind.Primitive, FullName(underlying), false, false, FrameworkTypes.PrimitiveCodec(underlying)));
        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            var inner = Read(named.TypeArguments[0], out error);
            return inner is null ? null : new TypeShape(ShapeKind.NullableValue, name, true, false, Element: inner);
        }
        if (FrameworkTypes.SequenceKind(named) is { } sequence)
        {
            if (sequence is CollectionKind.Memory or CollectionKind.ReadOnlyMemory && named.TypeArguments[0].SpecialType == SpecialType.System_Byte)
                return new TypeShape(ShapeKind.Primitive, name, false, false, "ByteMemory");
            return ReadSequence(name, annotated, named.IsReferenceType, sequence, named.TypeArguments[0], out error);
        }
        if (FrameworkTypes.DictionaryKind(named) is { } dictionary)
            return ReadDictionary(named, name, annotated, dictionary, out error);
        if (FrameworkTypes.TupleKind(named) is { } tuple && named.TypeArguments.Length <= FrameworkTypes.MaxTupleItems)
            return ReadTuple(named, name, annotated, tuple, out error);
        if (UserFormatter(named, out var formatterError) is { } formatter)
            return new TypeShape(ShapeKind.Formatter, name, annotated, named.IsReferenceType, Formatter: formatter);
        if (formatterError is not null)
            return Refuse(formatterError.Reason, out error);
        if (Unsupported(named) is { } reason)
            return Refuse(reason, out error);
        if (FrameworkTypes.IsFramework(named))
            return Refuse(FrameworkTypes.RefusalReason(named), out error);
        if (named.TypeKind is TypeKind.Interface)
            return Refuse(FrameworkTypes.InterfaceReason, out error);
        if (named.TypeKind is not (TypeKind.Class or TypeKind.Struct))
            return Refuse("has no MessagePack shape", out error);
        var shape = ReadObject(named, out error);
        return shape is null ? null : new TypeShape(ShapeKind.UserType, name, annotated, named.IsReferenceType, UserTypeId: shape.Id);
    }

    /// <summary>
    /// The members and constructor of a record, class or struct written as a map. <paramref name="isTask"/> is set
    /// for the task type itself, whose own declaration the analyzer checks with its TT1xxx rules.
    /// </summary>
    public ObjectShape? ReadObject(INamedTypeSymbol type, out ShapeError? error, bool isTask = false)
    {
        error = null;
        string name = FullName(type);
        if (_objects.TryGetValue(name, out var known))
            return known ?? new ObjectShape(HelperId(type), name, type.IsValueType, EquatableArray<ConstructorArgument>.Empty, EquatableArray<MemberModel>.Empty);
        if (_objectErrors.TryGetValue(name, out var knownError))
        {
            error = knownError;
            return null;
        }
        if (type.IsAbstract)
            return Fail(name, "is abstract, so it cannot be created when the job is read", out error);
        if (type.IsGenericType && !isTask && type.TypeArguments.Any(t => t is ITypeParameterSymbol))
            return Fail(name, "is an open generic type", out error);
        if (!IsAccessible(type))
            return Fail(name, "is not accessible to generated code (make it public or internal)", out error);
        if (!isTask && type.IsFileLocal)
            return Fail(name, "is file-local, so generated code in another file cannot use it (make it internal)", out error);
        if (!isTask && FrameworkBase(type) is { } frameworkBase)
            return Fail(name, $"derives from {frameworkBase.ToDisplayString()}, a .NET type whose state generated code cannot see; use that type itself or a record", out error);

        // Recursive types (a Node with children) refer to themselves: mark the type as in progress first.
        _objects[name] = null;
        var selection = PayloadMemberSelection.Select(type, _known);
        if (selection is null)
        {
            _objects.Remove(name);
            return Fail(name, "has no constructor TypedTasks can call (a parameterless one, or one whose parameters match its properties)", out error);
        }

        var members = new List<MemberModel>();
        var arguments = new List<ConstructorArgument>();
        foreach (var (parameter, property) in selection.Arguments)
        {
            NoteObsolete(parameter.ContainingSymbol);
            string? defaultExpression = parameter.HasExplicitDefaultValue ? Literals.Of(parameter.ExplicitDefaultValue, parameter.Type) : null;
            if (property is null)
            {
                arguments.Add(new ConstructorArgument(null, defaultExpression ?? "default!"));
                continue;
            }
            NoteObsolete(property);
            var shape = Read(PayloadMemberSelection.MemberType(property), out var memberError);
            if (shape is null)
            {
                _objects.Remove(name);
                return Fail(name, $"has a member {property.Name} that {memberError!.Reason}", out error, memberError.IsService);
            }
            bool nullable = shape.IsNullable || (parameter.Type.IsReferenceType && parameter.NullableAnnotation == NullableAnnotation.Annotated);
            members.Add(new MemberModel(property.Name, PayloadMemberSelection.WireName(parameter, property, _known), shape, arguments.Count,
                IsRequired: defaultExpression is null && !nullable,
                DefaultExpression: defaultExpression ?? (nullable ? "default" : null)));
            arguments.Add(new ConstructorArgument(property.Name, null));
        }

        foreach (var member in selection.Settable)
        {
            NoteObsolete(member);
            var shape = Read(PayloadMemberSelection.MemberType(member), out var memberError);
            if (shape is null)
            {
                _objects.Remove(name);
                return Fail(name, $"has a member {member.Name} that {memberError!.Reason}", out error, memberError.IsService);
            }
            bool required = member is IPropertySymbol { IsRequired: true } || member is IFieldSymbol { IsRequired: true };
            members.Add(new MemberModel(member.Name, PayloadMemberSelection.WireName(null, member, _known), shape, -1, required, null));
        }

        if (!isTask && members.Count == 0 && HasState(type))
        {
            _objects.Remove(name);
            return Fail(name, "has state but no member TypedTasks can write (a settable property, or a constructor parameter matching a property), so it would arrive empty", out error);
        }

        var result = new ObjectShape(HelperId(type), name, type.IsValueType,
            new EquatableArray<ConstructorArgument>(arguments), new EquatableArray<MemberModel>(members));
        _objects[name] = result;
        return result;
    }

    /// <summary>Why a type is a service or runtime object that belongs in <c>RunAsync</c>'s parameters, if it is.</summary>
    public string? ServiceReason(ITypeSymbol type)
    {
        if (KnownTypeSymbols.Is(type, _known.CancellationToken))
            return "is a CancellationToken, which exists only while the job runs";
        if (KnownTypeSymbols.Is(type, _known.IServiceProvider))
            return "is the service provider";
        if (KnownTypeSymbols.Is(type, _known.TaskContext))
            return "is the TaskContext, which exists only while the job runs";
        string full = type.OriginalDefinition.ToDisplayString();
        if (full is "Microsoft.Extensions.Logging.ILogger" or "Microsoft.Extensions.Logging.ILogger<TCategoryName>" or "Microsoft.Extensions.Logging.ILoggerFactory")
            return "is a logger";
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            string baseName = current.OriginalDefinition.ToDisplayString();
            if (baseName is "System.Net.Http.HttpClient" or "System.Net.Http.HttpMessageInvoker")
                return "is an HttpClient";
            if (baseName is "Microsoft.EntityFrameworkCore.DbContext")
                return "is a DbContext";
        }
        return null;
    }

    private TypeShape? ReadSequence(string name, bool annotated, bool isReferenceType, CollectionKind kind, ITypeSymbol elementType, out ShapeError? error)
    {
        var element = Read(elementType, out var elementError);
        if (element is null)
            return Refuse(Nested(elementError!, "its elements"), out error);
        error = null;
        return new TypeShape(ShapeKind.Sequence, name, annotated, isReferenceType, Element: element, Collection: kind);
    }

    private TypeShape? ReadDictionary(INamedTypeSymbol type, string name, bool annotated, CollectionKind kind, out ShapeError? error)
    {
        var key = Read(type.TypeArguments[0], out var keyError);
        if (key is null)
            return Refuse(Nested(keyError!, "its keys"), out error);
        if (!IsValidKey(key))
            return Refuse("is a dictionary whose keys are not strings, integers, chars, enums or Guids", out error);
        var value = Read(type.TypeArguments[1], out var valueError);
        if (value is null)
            return Refuse(Nested(valueError!, "its values"), out error);
        error = null;
        return new TypeShape(ShapeKind.Dictionary, name, annotated, type.IsReferenceType, Element: value, Key: key, Collection: kind);
    }

    private TypeShape? ReadTuple(INamedTypeSymbol type, string name, bool annotated, CollectionKind kind, out ShapeError? error)
    {
        var items = new List<TypeShape>();
        for (int i = 0; i < type.TypeArguments.Length; i++)
        {
            var item = Read(type.TypeArguments[i], out var itemError);
            if (item is null)
                return Refuse(Nested(itemError!, kind == CollectionKind.KeyValuePair ? (i == 0 ? "its key" : "its value") : $"its item {i + 1}"), out error);
            items.Add(item);
        }
        error = null;
        return new TypeShape(ShapeKind.Tuple, name, annotated, type.IsReferenceType, Collection: kind, Items: new EquatableArray<TypeShape>(items));
    }

    private string? Unsupported(INamedTypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_Object)
            return "is object, whose shape is unknown until run time";
        if (type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr)
            return "is a native pointer-sized handle";
        if (type.TypeKind == TypeKind.Delegate || type.SpecialType is SpecialType.System_Delegate or SpecialType.System_MulticastDelegate)
            return "is a delegate (Func, Action…), which is code, not data";
        if (KnownTypeSymbols.DerivesFrom(type, _known.Stream))
            return "is a Stream, which holds a live resource rather than data";
        if (KnownTypeSymbols.DerivesFrom(type, _known.Task) || KnownTypeSymbols.Is(type, _known.ValueTask) || KnownTypeSymbols.Is(type, _known.ValueTaskOfT))
            return "is a Task, which is an operation in progress, not data";
        if (KnownTypeSymbols.DerivesFrom(type, _known.Type))
            return "is a Type, which cannot be stored without reflection";
        if (KnownTypeSymbols.DerivesFrom(type, _known.Exception))
            return "is an Exception, which cannot be stored faithfully";
        return null;
    }

    /// <summary>The first .NET class a user class derives from (other than <c>object</c>), whose state is private to it.</summary>
    private static INamedTypeSymbol? FrameworkBase(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.SpecialType is SpecialType.System_Object or SpecialType.System_ValueType)
                return null;
            if (FrameworkTypes.IsFramework(current))
                return current;
        }
        return null;
    }

    /// <summary>
    /// Whether the type or a base holds data that is not <c>[TaskIgnore]</c>d: a declared instance field, or an instance
    /// property other than a record's EqualityContract.
    /// </summary>
    private bool HasState(INamedTypeSymbol type)
    {
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared || PayloadMemberSelection.IsIgnored(member, _known))
                    continue;
                if (member is IFieldSymbol { IsConst: false } || member is IPropertySymbol { IsIndexer: false } property && property.Name != "EqualityContract")
                    return true;
            }
        }
        return false;
    }

    private static bool IsValidKey(TypeShape key) =>
        key.Kind == ShapeKind.Enum ||
        key.Kind == ShapeKind.Primitive && key.Codec is "String" or "Guid" or "SByte" or "Byte" or "Int16" or "UInt16" or "Int32" or "UInt32" or "Int64" or "UInt64" or "Char";

    private static bool IsAccessible(INamedTypeSymbol type)
    {
        for (ISymbol? current = type; current is INamedTypeSymbol named; current = current.ContainingType)
        {
            if (named.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
                return false;
        }
        return true;
    }

    private static TypeShape? Refuse(string reason, out ShapeError error, bool isService = false) =>
        Refuse(new ShapeError(reason, isService), out error);

    private static TypeShape? Refuse(ShapeError reason, out ShapeError error)
    {
        error = reason;
        return null;
    }

    private ObjectShape? Fail(string name, string reason, out ShapeError error, bool isService = false)
    {
        error = new ShapeError(reason, isService);
        _objectErrors[name] = error;
        return null;
    }

    private static ShapeError Nested(ShapeError inner, string where) => new($"has {where} of a type that {inner.Reason}", inner.IsService);

    private static string HelperId(INamedTypeSymbol type) => Identifiers.Mangle(FullName(type).Replace("global::", ""));
}
