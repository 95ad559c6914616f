using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace TypedTasks.Analyzers;

/// <summary>
/// The classes of a compilation that some source type derives from, computed once and only when a task member
/// needs it (TT2005).
/// </summary>
internal sealed class DerivedTypes
{
    private readonly Compilation _compilation;
    private readonly object _gate = new();
    private HashSet<INamedTypeSymbol>? _bases;

    public DerivedTypes(Compilation compilation) => _compilation = compilation;

    public bool HasDerivedTypes(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _bases ??= Collect(cancellationToken);
            return _bases.Contains(type.OriginalDefinition);
        }
    }

    private HashSet<INamedTypeSymbol> Collect(CancellationToken cancellationToken)
    {
        var bases = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(_compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var member in pending.Pop().GetMembers())
            {
                if (member is INamespaceOrTypeSymbol container)
                    pending.Push(container);
                if (member is INamedTypeSymbol { TypeKind: TypeKind.Class } named)
                {
                    for (var current = named.BaseType; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
                        bases.Add(current.OriginalDefinition);
                }
            }
        }
        return bases;
    }
}
