using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TypedTasks.Generators;

/// <summary>A parameter's default value as a C# expression, for the reader to pass when the payload lacks the member.</summary>
internal static class Literals
{
    public static string Of(object? value, ITypeSymbol type)
    {
        if (value is null)
            return "default";
        var target = type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T ? ((INamedTypeSymbol)type).TypeArguments[0] : type;
        if (target.TypeKind == TypeKind.Enum)
            return $"({TypeShapeReader.FullName(target)})({Convert.ToString(value, CultureInfo.InvariantCulture)})";
        return value switch
        {
            string text => SymbolDisplay.FormatLiteral(text, quote: true),
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            bool b => b ? "true" : "false",
            float f => Single(f),
            double d => Double(d),
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "m",
            long l => l.ToString(CultureInfo.InvariantCulture) + "L",
            ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
            uint ui => ui.ToString(CultureInfo.InvariantCulture) + "U",
            _ => $"({TypeShapeReader.FullName(target)})({Convert.ToString(value, CultureInfo.InvariantCulture)})",
        };
    }

    private static string Single(float value) =>
        float.IsNaN(value) ? "float.NaN" :
        float.IsPositiveInfinity(value) ? "float.PositiveInfinity" :
        float.IsNegativeInfinity(value) ? "float.NegativeInfinity" :
        value.ToString("R", CultureInfo.InvariantCulture) + "f";

    private static string Double(double value) =>
        double.IsNaN(value) ? "double.NaN" :
        double.IsPositiveInfinity(value) ? "double.PositiveInfinity" :
        double.IsNegativeInfinity(value) ? "double.NegativeInfinity" :
        value.ToString("R", CultureInfo.InvariantCulture) + "d";
}
