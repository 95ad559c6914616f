using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace TypedTasks.Cli.Rendering;

/// <summary>Jobs as JSON objects and as table rows.</summary>
internal static class JobViews
{
    public static JsonObject Json(JobInfo job, RenderedPayload payload)
    {
        var json = new JsonObject
        {
            ["id"] = job.Id.Value,
            ["queue"] = job.Queue,
            ["task"] = job.TaskName,
            ["state"] = StateName(job.State),
            ["failures"] = job.Failures,
            ["stalls"] = job.Stalls,
            ["lastError"] = job.LastError,
            ["enqueuedAt"] = Times.Json(job.EnqueuedAt),
            ["dueAt"] = Times.Json(job.DueAt),
            ["startedAt"] = Times.Json(job.StartedAt),
            ["endedAt"] = Times.Json(job.EndedAt),
            ["worker"] = job.WorkerId,
            ["progress"] = job.Progress,
            ["cancelRequested"] = job.CancelRequested,
            ["args"] = payload.Args,
            ["argsSource"] = payload.Source,
        };
        if (payload.Error is not null)
            json["argsError"] = payload.Error;
        if (job.Result is { } result)
            json["result"] = RenderResult(result);
        return json;
    }

    public static string StateName(JobState state) => state.ToString().ToLowerInvariant();

    public static Table ListTable(IEnumerable<JobInfo> jobs)
    {
        var table = CliOutput.Table("Id", "Task", "State", "Failures", "Enqueued (UTC)", "Due (UTC)", "Last error");
        foreach (var job in jobs)
            CliOutput.AddRow(table, job.Id.Value, job.TaskName, StateName(job.State), job.Failures.ToString(CultureInfo.InvariantCulture),
                Times.Table(job.EnqueuedAt), Times.Table(job.DueAt), Shorten(job.LastError, 60));
        return table;
    }

    /// <summary>The fields of one job, then its arguments.</summary>
    public static Grid Details(JobInfo job, RenderedPayload payload)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string name, string? value)
        {
            if (value is not null)
                grid.AddRow(new Markup("[bold]" + Markup.Escape(name) + "[/]"), new Text(value));
        }
        Row("Id", job.Id.Value);
        Row("Task", job.TaskName);
        Row("Queue", job.Queue);
        Row("State", StateName(job.State) + (job.CancelRequested ? " (cancel requested)" : ""));
        Row("Failures", job.Failures.ToString(CultureInfo.InvariantCulture));
        Row("Stalls", job.Stalls.ToString(CultureInfo.InvariantCulture));
        Row("Enqueued (UTC)", Times.Table(job.EnqueuedAt));
        Row("Due (UTC)", Times.Table(job.DueAt));
        Row("Started (UTC)", Times.Table(job.StartedAt));
        Row("Ended (UTC)", Times.Table(job.EndedAt));
        Row("Worker", job.WorkerId);
        Row("Progress", job.Progress is { } progress ? progress.ToString("0.#", CultureInfo.InvariantCulture) + " %" : null);
        Row("Last error", job.LastError);
        Row("Args (" + payload.Source + ")", payload.Args?.ToJsonString(new() { WriteIndented = true }) ?? "(unreadable)");
        Row("Args error", payload.Error);
        if (job.Result is { } result)
            Row("Result", RenderResult(result)?.ToJsonString() ?? "null");
        return grid;
    }

    private static JsonNode? RenderResult(ReadOnlyMemory<byte> result)
    {
        try
        {
            return MessagePackNodes.Render(result);
        }
        catch (Exception e) when (e is MessagePack.MessagePackSerializationException or EndOfStreamException)
        {
            return JsonValue.Create("(not MessagePack: " + Convert.ToBase64String(result.Span) + ")");
        }
    }

    private static string? Shorten(string? text, int length)
    {
        if (text is null)
            return null;
        text = text.ReplaceLineEndings(" ");
        return text.Length <= length ? text : text[..(length - 1)] + "…";
    }
}
