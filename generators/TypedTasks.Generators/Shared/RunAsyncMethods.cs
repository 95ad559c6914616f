using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TypedTasks.Generators;

/// <summary>
/// Finds a task's <c>RunAsync</c> and tells which of its parameters are services. The generator builds its runner
/// from these and the analyzer reports against them, so the two agree on which method is called and with what.
/// </summary>
internal static class RunAsyncMethods
{
    /// <summary>The <c>RunAsync</c> instance methods declared on <paramref name="type"/> itself.</summary>
    public static List<IMethodSymbol> Declared(INamedTypeSymbol type) =>
        type.GetMembers("RunAsync").OfType<IMethodSymbol>().Where(IsInstanceMethod).ToList();

    /// <summary>The <c>RunAsync</c> the generated runner calls, if the task declares exactly one.</summary>
    public static IMethodSymbol? FindRunAsync(INamedTypeSymbol type)
    {
        var declared = Declared(type);
        return declared.Count == 1 ? declared[0] : null;
    }

    /// <summary>The nearest <c>RunAsync</c> instance method declared on a base type, which the runner never calls.</summary>
    public static IMethodSymbol? Inherited(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.GetMembers("RunAsync").OfType<IMethodSymbol>().FirstOrDefault(IsInstanceMethod) is { } method)
                return method;
        }
        return null;
    }

    /// <summary>Services are classes and interfaces; value types and primitives cannot come from the container.</summary>
    public static bool IsServiceType(ITypeSymbol type) =>
        type.TypeKind is TypeKind.Class or TypeKind.Interface && type.SpecialType is not (SpecialType.System_String or SpecialType.System_Object) &&
        type is not IArrayTypeSymbol;

    private static bool IsInstanceMethod(IMethodSymbol method) => !method.IsStatic && method.MethodKind == MethodKind.Ordinary;
}
