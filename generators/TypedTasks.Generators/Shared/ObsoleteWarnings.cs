using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace TypedTasks.Generators;

/// <summary>
/// The warnings generated code gets for using what the user marked <c>[Obsolete]</c> (a member kept for old payloads,
/// a type on its way out). The user's own declaration reports them, where they can be dealt with; generated code
/// disables them, so a project that treats warnings as errors still builds.
/// </summary>
internal static class ObsoleteWarnings
{
    /// <summary>CS0612 (obsolete), CS0618 (obsolete with a message) or the attribute's own DiagnosticId.</summary>
    public static IEnumerable<string> Of(ISymbol symbol)
    {
        for (var current = symbol; current is not null; current = current.ContainingType)
        {
            foreach (var attribute in current.GetAttributes())
            {
                if (attribute.AttributeClass is not { Name: "ObsoleteAttribute", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
                    continue;
                string? id = null;
                foreach (var argument in attribute.NamedArguments)
                {
                    if (argument.Key == "DiagnosticId")
                        id = argument.Value.Value as string;
                }
                yield return id ?? (attribute.ConstructorArguments.Length > 0 ? "CS0618" : "CS0612");
            }
        }
    }
}
