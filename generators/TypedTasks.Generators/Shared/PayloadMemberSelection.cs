using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TypedTasks.Generators;

/// <summary>
/// The constructor the generated reader calls and the members a type's map holds. <see cref="TypeShapeReader"/>
/// builds its <see cref="ObjectShape"/> from this selection and the analyzer reports each member at its declaration,
/// so the two cannot disagree about which members are written.
/// </summary>
internal sealed class PayloadMemberSelection
{
    private PayloadMemberSelection(List<(IParameterSymbol Parameter, ISymbol? Member)> arguments, List<ISymbol> settable)
    {
        Arguments = arguments;
        Settable = settable;
    }

    /// <summary>
    /// The parameters of the constructor the generated reader calls, in order, each with the member it fills. The
    /// member is <see langword="null"/> when the parameter matches none or either is <c>[TaskIgnore]</c>d; the reader
    /// then passes the parameter's default.
    /// </summary>
    public IReadOnlyList<(IParameterSymbol Parameter, ISymbol? Member)> Arguments { get; }

    /// <summary>The writable, not ignored members the constructor does not fill, set after it in declaration order.</summary>
    public IReadOnlyList<ISymbol> Settable { get; }

    /// <summary>The selection for <paramref name="type"/>, or <see langword="null"/> when it has no usable constructor.</summary>
    public static PayloadMemberSelection? Select(INamedTypeSymbol type, KnownTypeSymbols known)
    {
        var candidates = Candidates(type);
        var constructor = ChooseConstructor(type, candidates);
        if (constructor is null)
            return null;

        var byName = new Dictionary<string, ISymbol>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in candidates)
            byName[member.Name] = member;
        var usedByConstructor = new HashSet<string>(StringComparer.Ordinal);
        var arguments = new List<(IParameterSymbol Parameter, ISymbol? Member)>();
        foreach (var parameter in constructor.Parameters)
        {
            byName.TryGetValue(parameter.Name, out var member);
            if (member is not null)
                usedByConstructor.Add(member.Name);
            bool ignored = IsIgnored(parameter, known) || (member is not null && IsIgnored(member, known));
            arguments.Add((parameter, ignored ? null : member));
        }
        var settable = candidates
            .Where(m => !usedByConstructor.Contains(m.Name) && IsWritable(m) && !IsIgnored(m, known))
            .ToList();
        return new PayloadMemberSelection(arguments, settable);
    }

    /// <summary>Whether a member or parameter is marked <c>[TaskIgnore]</c>.</summary>
    public static bool IsIgnored(ISymbol symbol, KnownTypeSymbols known) => HasAttribute(symbol, known.TaskIgnoreAttribute);

    /// <summary>The declared type of a property or field.</summary>
    public static ITypeSymbol MemberType(ISymbol member) => member switch
    {
        IPropertySymbol property => property.Type,
        IFieldSymbol field => field.Type,
        _ => throw new ArgumentException("Not a property or field.", nameof(member)),
    };

    /// <summary>The <c>[TaskMember("key")]</c> that sets a member's map key, on its parameter first, then on the member.</summary>
    public static AttributeData? WireNameAttribute(IParameterSymbol? parameter, ISymbol member, KnownTypeSymbols known) =>
        WireNameAttribute(parameter, known) ?? WireNameAttribute(member, known);

    /// <summary>A member's map key: the one set by <c>[TaskMember]</c>, else its name.</summary>
    public static string WireName(IParameterSymbol? parameter, ISymbol member, KnownTypeSymbols known) =>
        WireNameAttribute(parameter, member, known)?.ConstructorArguments[0].Value as string ?? member.Name;

    private static AttributeData? WireNameAttribute(ISymbol? symbol, KnownTypeSymbols known) =>
        symbol?.GetAttributes().FirstOrDefault(a =>
            KnownTypeSymbols.Is(a.AttributeClass, known.TaskMemberAttribute) &&
            a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is string);

    private static List<ISymbol> Candidates(INamedTypeSymbol type)
    {
        var members = new List<ISymbol>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        // Base members first, then the type's own, in declaration order; a member that hides a base one (new, override)
        // takes its place, so generated code reads and writes the member the type itself exposes.
        var chain = new Stack<INamedTypeSymbol>();
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
            chain.Push(current);
        while (chain.Count > 0)
        {
            foreach (var member in chain.Pop().GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared || !IsVisible(member))
                    continue;
                bool readable = member is IPropertySymbol { IsIndexer: false, GetMethod: { } getter } property && IsVisible(getter) && property.Name != "EqualityContract" ||
                                member is IFieldSymbol { IsConst: false };
                if (!readable)
                    continue;
                if (positions.TryGetValue(member.Name, out int position))
                {
                    members[position] = member;
                }
                else
                {
                    positions[member.Name] = members.Count;
                    members.Add(member);
                }
            }
        }
        return members;
    }

    private static bool IsVisible(ISymbol symbol) => symbol.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal;

    private static IMethodSymbol? ChooseConstructor(INamedTypeSymbol type, List<ISymbol> members)
    {
        var names = new HashSet<string>(members.Select(m => m.Name), StringComparer.OrdinalIgnoreCase);
        IMethodSymbol? best = null;
        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
                continue;
            if (constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, type))
                continue; // a record's copy constructor
            if (constructor.Parameters.Any(p => p.RefKind != RefKind.None || (!names.Contains(p.Name) && !p.HasExplicitDefaultValue)))
                continue;
            if (best is null || constructor.Parameters.Length > best.Parameters.Length)
                best = constructor;
        }
        return best;
    }

    private static bool IsWritable(ISymbol member) => member switch
    {
        IPropertySymbol property => property.SetMethod is { DeclaredAccessibility: Accessibility.Public or Accessibility.Internal },
        IFieldSymbol field => !field.IsReadOnly,
        _ => false,
    };

    private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attribute) =>
        attribute is not null && symbol.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));
}
