using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedTasks.Generators;

/// <summary>
/// Decides how each CLR type is encoded, or why it cannot be. The generator emits serializers from its shapes and the
/// analyzer reports its errors, so the two never disagree about what is serializable.
/// </summary>
internal sealed class TypeShapeReader
{
    private static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    private readonly KnownTypeSymbols _known;
    private readonly Dictionary<string, ObjectShape?> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ShapeError> _objectErrors = new(StringComparer.Ordinal);

    public TypeShapeReader(KnownTypeSymbols known) => _known = known;

    /// <summary>Every user type met so far (the task's nested records, transitively), by helper id.</summary>
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
        {
            error = new ShapeError(service, IsService: true);
            return null;
        }
        switch (type)
        {
            case ITypeParameterSymbol:
                error = new ShapeError("is a generic type parameter, whose shape is unknown until run time", false);
                return null;
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                error = new ShapeError("is a pointer", false);
                return null;
            case IDynamicTypeSymbol:
                error = new ShapeError("is dynamic, so its shape is unknown until run time", false);
                return null;
            case IArrayTypeSymbol array:
                if (array.Rank != 1)
                {
                    error = new ShapeError("is a multi-dimensional array", false);
                    return null;
                }
                if (array.ElementType.SpecialType == SpecialType.System_Byte)
                    return new TypeShape(ShapeKind.Primitive, name, annotated, true, "Bytes");
                var element = Read(array.ElementType, out var elementError);
                if (element is null)
                {
                    error = Nested(elementError!, "its elements");
                    return null;
                }
                return new TypeShape(ShapeKind.Sequence, name, annotated, true, Element: element, Collection: CollectionKind.Array);
        }

        if (type is not INamedTypeSymbol named)
        {
            error = new ShapeError("has no MessagePack shape", false);
            return null;
        }
        if (named.IsRefLikeType)
        {
            error = new ShapeError("is a ref struct, which cannot be stored", false);
            return null;
        }
        if (Primitive(named) is { } codec)
            return new TypeShape(ShapeKind.Primitive, name, annotated, named.IsReferenceType, codec);
        if (named.TypeKind == TypeKind.Enum && named.EnumUnderlyingType is { } underlying)
            return new TypeShape(ShapeKind.Enum, name, annotated, false,
                Element: new TypeShape(ShapeKind.Primitive, FullName(underlying), false, false, Primitive(underlying)));
        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            var inner = Read(named.TypeArguments[0], out var innerError);
            if (inner is null)
            {
                error = innerError;
                return null;
            }
            return new TypeShape(ShapeKind.NullableValue, name, true, false, Element: inner);
        }
        if (named.IsGenericType && SequenceKind(named) is { } sequence)
        {
            var element = Read(named.TypeArguments[0], out var elementError);
            if (element is null)
            {
                error = Nested(elementError!, "its elements");
                return null;
            }
            return new TypeShape(ShapeKind.Sequence, name, annotated, true, Element: element, Collection: sequence);
        }
        if (named.IsGenericType && IsDictionary(named))
        {
            var key = Read(named.TypeArguments[0], out var keyError);
            if (key is null || !IsValidKey(key))
            {
                error = key is null ? Nested(keyError!, "its keys")
                    : new ShapeError("is a dictionary whose keys are not strings, integers, enums or Guids", false);
                return null;
            }
            var value = Read(named.TypeArguments[1], out var valueError);
            if (value is null)
            {
                error = Nested(valueError!, "its values");
                return null;
            }
            return new TypeShape(ShapeKind.Dictionary, name, annotated, true, Element: value, Key: key, Collection: CollectionKind.Dictionary);
        }
        if (UserFormatter(named, out var formatterError) is { } formatter)
            return new TypeShape(ShapeKind.Formatter, name, annotated, named.IsReferenceType, Formatter: formatter);
        if (formatterError is not null)
        {
            error = formatterError;
            return null;
        }
        if (Unsupported(named) is { } reason)
        {
            error = new ShapeError(reason, false);
            return null;
        }
        if (named.TypeKind is TypeKind.Interface)
        {
            error = new ShapeError("is an interface without a known shape (use a concrete type, List<T> or Dictionary<TKey, TValue>)", false);
            return null;
        }
        if (named.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            error = new ShapeError("has no MessagePack shape", false);
            return null;
        }
        var shape = ReadObject(named, out error);
        if (shape is null)
            return null;
        return new TypeShape(ShapeKind.UserType, name, annotated, named.IsReferenceType, UserTypeId: shape.Id);
    }

    /// <summary>
    /// The members and constructor of a record, class or struct written as a map. <paramref name="isTask"/> is set
    /// for the task type itself, whose <c>RunAsync</c> and <c>[Backtask]</c> are not members.
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
            string? defaultExpression = parameter.HasExplicitDefaultValue ? Literal(parameter.ExplicitDefaultValue, parameter.Type) : null;
            if (property is null)
            {
                arguments.Add(new ConstructorArgument(null, defaultExpression ?? "default!"));
                continue;
            }
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
            var shape = Read(PayloadMemberSelection.MemberType(member), out var memberError);
            if (shape is null)
            {
                _objects.Remove(name);
                return Fail(name, $"has a member {member.Name} that {memberError!.Reason}", out error, memberError.IsService);
            }
            bool required = member is IPropertySymbol { IsRequired: true } || member is IFieldSymbol { IsRequired: true };
            members.Add(new MemberModel(member.Name, PayloadMemberSelection.WireName(null, member, _known), shape, -1, required, null));
        }

        var result = new ObjectShape(HelperId(type), name, type.IsValueType,
            new EquatableArray<ConstructorArgument>(arguments), new EquatableArray<MemberModel>(members));
        if (isTask)
            _objects.Remove(name);
        else
            _objects[name] = result;
        return result;
    }

    /// <summary>
    /// The user's formatter for <paramref name="type"/>: the one its <c>[MessagePackFormatter]</c> names, else the one
    /// the compilation declares (<c>IMessagePackFormatter&lt;T&gt;</c>). TypedTasks' own mapping of the types above
    /// comes first, so a formatter cannot change how stored jobs of primitives or collections decode.
    /// </summary>
    private FormatterModel? UserFormatter(INamedTypeSymbol type, out ShapeError? error)
    {
        error = null;
        if (_known.IMessagePackFormatterOfT is null)
            return null;
        INamedTypeSymbol? formatter = null;
        foreach (var attribute in type.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _known.MessagePackFormatterAttribute))
                continue;
            if (attribute.ConstructorArguments.Length > 1 && attribute.ConstructorArguments[1] is { Kind: TypedConstantKind.Array, Values.Length: > 0 })
            {
                error = new ShapeError("has a [MessagePackFormatter] with constructor arguments, which TypedTasks does not pass (give the formatter a parameterless constructor or a static Instance)", false);
                return null;
            }
            formatter = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as INamedTypeSymbol : null;
            if (formatter is null)
            {
                error = new ShapeError("has a [MessagePackFormatter] that names no formatter type", false);
                return null;
            }
        }
        if (formatter is null)
        {
            var declared = _known.DeclaredFormattersFor(type);
            if (declared.Count == 0)
                return null;
            if (declared.Count > 1)
            {
                error = new ShapeError($"has {declared.Count} formatters in this compilation ({string.Join(", ", declared.Select(f => f.Name))}); keep one, or choose one with [MessagePackFormatter] on the type", false);
                return null;
            }
            formatter = declared[0];
        }
        return CheckFormatter(formatter, type, out error);
    }

    private FormatterModel? CheckFormatter(INamedTypeSymbol formatter, INamedTypeSymbol type, out ShapeError? error)
    {
        error = null;
        string name = formatter.Name;
        var contract = formatter.AllInterfaces.FirstOrDefault(i =>
            SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, _known.IMessagePackFormatterOfT) &&
            SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], type));
        if (contract is null)
            error = new ShapeError($"has a [MessagePackFormatter] naming {name}, which is not an IMessagePackFormatter<{type.Name}>", false);
        else if (formatter.IsAbstract || formatter.IsGenericType)
            error = new ShapeError($"has the formatter {name}, which is abstract or generic, so TypedTasks cannot create it", false);
        else if (!IsAccessible(formatter))
            error = new ShapeError($"has the formatter {name}, which is not accessible to generated code (make it public or internal)", false);
        else if (UsesOptions(formatter, contract) is { } method)
            error = new ShapeError($"has the formatter {name}, whose {method} uses its MessagePackSerializerOptions argument: TypedTasks calls formatters with none (creating MessagePackSerializerOptions brings NativeAOT warnings), so read and write through the reader and writer alone", false);
        if (error is not null)
            return null;

        string formatterName = FullName(formatter);
        bool hasInstance = formatter.GetMembers("Instance").Any(m => m.IsStatic && m.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal &&
            (m is IFieldSymbol f && SymbolEqualityComparer.Default.Equals(f.Type, formatter) || m is IPropertySymbol p && SymbolEqualityComparer.Default.Equals(p.Type, formatter)));
        if (hasInstance)
            return new FormatterModel(formatterName, formatterName + ".Instance");
        bool canCreate = formatter.IsValueType || formatter.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal);
        if (canCreate)
            return new FormatterModel(formatterName, $"new {formatterName}()");
        error = new ShapeError($"has the formatter {name}, which has neither a parameterless constructor nor a static Instance TypedTasks can use", false);
        return null;
    }

    /// <summary>The formatter method (declared in source) that reads its options parameter, if one does.</summary>
    private static string? UsesOptions(INamedTypeSymbol formatter, INamedTypeSymbol contract)
    {
        foreach (var member in contract.GetMembers().OfType<IMethodSymbol>())
        {
            if (formatter.FindImplementationForInterfaceMember(member) is not IMethodSymbol { Parameters.Length: > 0 } method)
                continue;
            string options = method.Parameters[method.Parameters.Length - 1].Name;
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var body = reference.GetSyntax() switch
                {
                    MethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody,
                    _ => null,
                };
                if (body is not null && body.DescendantNodes().OfType<IdentifierNameSyntax>().Any(i => i.Identifier.ValueText == options))
                    return member.Name;
            }
        }
        return null;
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

    private string? Primitive(INamedTypeSymbol type)
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
        if (KnownTypeSymbols.Is(type, _known.DateTimeOffset)) return "DateTimeOffset";
        if (KnownTypeSymbols.Is(type, _known.TimeSpan)) return "TimeSpan";
        if (KnownTypeSymbols.Is(type, _known.Guid)) return "Guid";
        if (KnownTypeSymbols.Is(type, _known.DateOnly)) return "DateOnly";
        if (KnownTypeSymbols.Is(type, _known.TimeOnly)) return "TimeOnly";
        return null;
    }

    private CollectionKind? SequenceKind(INamedTypeSymbol type)
    {
        if (KnownTypeSymbols.Is(type, _known.ListOfT) || KnownTypeSymbols.Is(type, _known.IListOfT) ||
            KnownTypeSymbols.Is(type, _known.ICollectionOfT) || KnownTypeSymbols.Is(type, _known.IReadOnlyListOfT) ||
            KnownTypeSymbols.Is(type, _known.IReadOnlyCollectionOfT) || KnownTypeSymbols.Is(type, _known.IEnumerableOfT))
            return CollectionKind.List;
        if (KnownTypeSymbols.Is(type, _known.HashSetOfT) || KnownTypeSymbols.Is(type, _known.ISetOfT))
            return CollectionKind.HashSet;
        return null;
    }

    private bool IsDictionary(INamedTypeSymbol type) =>
        KnownTypeSymbols.Is(type, _known.DictionaryOfTKeyTValue) || KnownTypeSymbols.Is(type, _known.IDictionaryOfTKeyTValue) ||
        KnownTypeSymbols.Is(type, _known.IReadOnlyDictionaryOfTKeyTValue);

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

    private ObjectShape? Fail(string name, string reason, out ShapeError error, bool isService = false)
    {
        error = new ShapeError(reason, isService);
        _objectErrors[name] = error;
        return null;
    }

    private static ShapeError Nested(ShapeError inner, string where) => new($"has {where} of a type that {inner.Reason}", inner.IsService);

    private static string HelperId(INamedTypeSymbol type)
    {
        var builder = new StringBuilder();
        foreach (char c in FullName(type).Replace("global::", ""))
            builder.Append(char.IsLetterOrDigit(c) ? c : '_');
        return builder.ToString();
    }

    private static string Literal(object? value, ITypeSymbol type)
    {
        if (value is null)
            return "default";
        if (type.TypeKind == TypeKind.Enum)
            return $"({FullName(type)}){Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)}";
        return value switch
        {
            string text => SymbolDisplay.FormatLiteral(text, quote: true),
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            bool b => b ? "true" : "false",
            float f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "f",
            double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "d",
            decimal m => m.ToString(System.Globalization.CultureInfo.InvariantCulture) + "m",
            long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture) + "L",
            ulong ul => ul.ToString(System.Globalization.CultureInfo.InvariantCulture) + "UL",
            uint ui => ui.ToString(System.Globalization.CultureInfo.InvariantCulture) + "U",
            _ => $"({FullName(type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T ? ((INamedTypeSymbol)type).TypeArguments[0] : type)}){Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)}",
        };
    }
}
