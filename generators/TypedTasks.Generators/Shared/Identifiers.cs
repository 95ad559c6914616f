using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace TypedTasks.Generators;

/// <summary>Identifiers in generated code: user names as C# needs them, and names made from type names.</summary>
internal static class Identifiers
{
    /// <summary><paramref name="name"/> as it must be written in C#: <c>@event</c> for a keyword.</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>
    /// A C# identifier fragment made from <paramref name="text"/> (a type name) that no other text maps to: letters
    /// and digits are kept, <c>_</c> becomes <c>__</c> and any other character <c>_xHHHH_</c>, so <c>A.B_C</c> and
    /// <c>A_B.C</c> stay apart.
    /// </summary>
    public static string Mangle(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c))
                builder.Append(c);
            else if (c == '_')
                builder.Append("__");
            else
                builder.Append("_x").Append(((int)c).ToString("X4")).Append('_');
        }
        return builder.ToString();
    }
}
