using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace TypedTasks.Cli.Rendering;

/// <summary>Where a command writes: Spectre.Console tables for people, or JSON for scripts (<c>--json</c>).</summary>
internal sealed class CliOutput
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public CliOutput(bool json)
    {
        Json = json;
        Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Out) });
        // Tables written to a pipe or a file keep whole rows (job ids, errors) instead of wrapping at 80 columns.
        if (System.Console.IsOutputRedirected)
            Console.Profile.Width = 240;
    }

    /// <summary>Whether <c>--json</c> asked for JSON.</summary>
    public bool Json { get; }

    public IAnsiConsole Console { get; }

    public void WriteJson(JsonNode? node) => System.Console.Out.WriteLine(node?.ToJsonString(s_indented) ?? "null");

    /// <summary>One JSON document per line (<c>stats --watch --json</c>).</summary>
    public void WriteJsonLine(JsonNode? node)
    {
        System.Console.Out.WriteLine(node?.ToJsonString(s_compact) ?? "null");
        System.Console.Out.Flush();
    }

    public void Write(IRenderable renderable) => Console.Write(renderable);

    /// <summary>A line of plain text (not markup).</summary>
    public void Line(string text) => Console.WriteLine(text);

    /// <summary>A table with the given columns and no colors beyond the header.</summary>
    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (string column in columns)
            table.AddColumn(new TableColumn(new Markup("[bold]" + Markup.Escape(column) + "[/]")));
        return table;
    }

    /// <summary>A row of plain-text cells.</summary>
    public static void AddRow(Table table, params string?[] cells) =>
        table.AddRow(cells.Select(c => (IRenderable)new Text(c ?? "")).ToArray());
}
