using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using TypedTasks.Generators;

namespace TypedTasks.Analyzers;

/// <summary>A member written into a task's payload.</summary>
/// <param name="Symbol">The property or field.</param>
/// <param name="Type">Its declared type.</param>
/// <param name="WireName">Its map key.</param>
/// <param name="WireNameAttribute">The <c>[TaskMember]</c> that set the key, if any.</param>
internal sealed record PayloadMember(ISymbol Symbol, ITypeSymbol Type, string WireName, AttributeData? WireNameAttribute);

/// <summary>
/// Picks the constructor and the payload members of a task exactly as <see cref="TypeShapeReader.ReadObject"/> does,
/// so each member can be reported at its own declaration. Analyzer tests compare the two on a table of tasks.
/// </summary>
internal sealed class PayloadMembers
{
    private readonly KnownTypeSymbols _known;

    public PayloadMembers(KnownTypeSymbols known) => _known = known;

    /// <summary>The constructor the generated reader calls, or <see langword="null"/> when there is none.</summary>
    public IMethodSymbol? Constructor(INamedTypeSymbol type) => ChooseConstructor(type, Candidates(type));

    /// <summary>The members written into the payload, in order, or <see langword="null"/> without a usable constructor.</summary>
    public List<PayloadMember>? Read(INamedTypeSymbol type)
    {
        var candidates = Candidates(type);
        var constructor = ChooseConstructor(type, candidates);
        if (constructor is null)
            return null;

        var byName = new Dictionary<string, ISymbol>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in candidates)
            byName[member.Name] = member;
        var usedByConstructor = new HashSet<string>(StringComparer.Ordinal);
        var members = new List<PayloadMember>();

        foreach (var parameter in constructor.Parameters)
        {
            if (!byName.TryGetValue(parameter.Name, out var property))
                continue;
            usedByConstructor.Add(property.Name);
            if (HasAttribute(parameter, _known.TaskIgnoreAttribute) || HasAttribute(property, _known.TaskIgnoreAttribute))
                continue;
            members.Add(Member(property, parameter));
        }
        foreach (var member in candidates)
        {
            if (usedByConstructor.Contains(member.Name) || !IsWritable(member) || HasAttribute(member, _known.TaskIgnoreAttribute))
                continue;
            members.Add(Member(member, null));
        }
        return members;
    }

    private PayloadMember Member(ISymbol member, IParameterSymbol? parameter)
    {
        var attribute = WireNameAttribute(parameter) ?? WireNameAttribute(member);
        string wireName = attribute?.ConstructorArguments[0].Value as string ?? member.Name;
        var type = member is IPropertySymbol property ? property.Type : ((IFieldSymbol)member).Type;
        return new PayloadMember(member, type, wireName, attribute);
    }

    private AttributeData? WireNameAttribute(ISymbol? symbol) =>
        symbol?.GetAttributes().FirstOrDefault(a =>
            KnownTypeSymbols.Is(a.AttributeClass, _known.TaskMemberAttribute) &&
            a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is string);

    private static List<ISymbol> Candidates(INamedTypeSymbol type)
    {
        var members = new List<ISymbol>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var chain = new Stack<INamedTypeSymbol>();
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
            chain.Push(current);
        while (chain.Count > 0)
        {
            foreach (var member in chain.Pop().GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared || member.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
                    continue;
                if (member is IPropertySymbol { IsIndexer: false, GetMethod: not null } property && property.Name != "EqualityContract" && seen.Add(property.Name))
                    members.Add(property);
                else if (member is IFieldSymbol { IsConst: false } field && seen.Add(field.Name))
                    members.Add(field);
            }
        }
        return members;
    }

    private static IMethodSymbol? ChooseConstructor(INamedTypeSymbol type, List<ISymbol> members)
    {
        var names = new HashSet<string>(members.Select(m => m.Name), StringComparer.OrdinalIgnoreCase);
        IMethodSymbol? best = null;
        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
                continue;
            if (constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, type))
                continue;
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
