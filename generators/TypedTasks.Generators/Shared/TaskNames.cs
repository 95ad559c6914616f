using System.Linq;
using Microsoft.CodeAnalysis;

namespace TypedTasks.Generators;

/// <summary>Task wire names: the default one and the rule every name follows.</summary>
internal static class TaskNames
{
    public const int MaxLength = 200;

    /// <summary>The name a task gets without <c>[Backtask(Name = ...)]</c>: its full type name, without C#'s <c>@</c> escapes.</summary>
    public static string Default(INamedTypeSymbol type) =>
        type.ToDisplayString(FullNameFormat).Replace("global::", "");

    private static readonly SymbolDisplayFormat FullNameFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <summary>Whether <paramref name="name"/> is 1–200 characters of <c>[A-Za-z0-9._:-]</c>.</summary>
    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength } && name.All(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '.' or '_' or ':' or '-');

    /// <summary>The wire name declared with <c>[Backtask(Name = ...)]</c>, or <see langword="null"/>.</summary>
    public static string? Declared(INamedTypeSymbol type, INamedTypeSymbol? backtaskAttribute)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, backtaskAttribute))
                continue;
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == "Name" && argument.Value.Value is string name)
                    return name;
            }
        }
        return null;
    }
}
