using System;
using System.Text;

namespace TypedTasks.Generators;

/// <summary>Builds C# source with indentation managed by blocks.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;
    private int _nextLocal;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
            _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
        return this;
    }

    public void Open(string line)
    {
        Line(line);
        Line("{");
        _indent++;
    }

    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    /// <summary>A local variable name not used elsewhere in this file.</summary>
    public string Local(string hint) => $"__{hint}{_nextLocal++}";

    public override string ToString() => _text.ToString();
}
