using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using TypedTasks.Generators;

namespace TypedTasks.Analyzers;

/// <summary>A member written into a task's payload.</summary>
/// <param name="Symbol">The property or field.</param>
/// <param name="Type">Its declared type.</param>
/// <param name="WireName">Its map key.</param>
/// <param name="WireNameAttribute">The <c>[TaskMember]</c> that set the key, if any.</param>
internal sealed record PayloadMember(ISymbol Symbol, ITypeSymbol Type, string WireName, AttributeData? WireNameAttribute)
{
    /// <summary>
    /// The members of <paramref name="type"/> written into its payload, in the order the generator writes them, or
    /// <see langword="null"/> without a usable constructor.
    /// </summary>
    public static List<PayloadMember>? ReadAll(INamedTypeSymbol type, KnownTypeSymbols known)
    {
        if (PayloadMemberSelection.Select(type, known) is not { } selection)
            return null;
        var members = new List<PayloadMember>();
        foreach (var (parameter, member) in selection.Arguments)
        {
            if (member is not null)
                members.Add(Create(member, parameter, known));
        }
        foreach (var member in selection.Settable)
            members.Add(Create(member, null, known));
        return members;
    }

    private static PayloadMember Create(ISymbol member, IParameterSymbol? parameter, KnownTypeSymbols known) =>
        new(member, PayloadMemberSelection.MemberType(member), PayloadMemberSelection.WireName(parameter, member, known),
            PayloadMemberSelection.WireNameAttribute(parameter, member, known));
}
