using System.Globalization;
using MessagePack;
using TypedTasks.Serialization;

namespace TypedTasks.Dashboard;

/// <summary>One job: its state, attempts, times, last error, progress, payload and result, with the actions its state allows.</summary>
internal static class JobPage
{
    public static async Task<(int Status, string Page)> RenderAsync(DashboardRequest r)
    {
        string? text = r.Context.Request.Query["id"];
        if (string.IsNullOrWhiteSpace(text) || text.Length > 200)
            return (400, Layout.NotFound(r, "Job", "Give a job id of 1 to 200 characters."));
        var id = new JobId(text.Trim());
        var job = await r.Broker.GetJobAsync(id, r.Aborted).ConfigureAwait(false);
        if (job is null)
            return (404, Layout.NotFound(r, "Job not found", $"No job {id} (never enqueued, finished without keeping its result, or removed)."));

        var envelope = TryDecode(job.Envelope, out string? envelopeError);
        var body = new Html();
        body.Add($"<p class=\"job-actions\">");
        foreach (var (action, label) in JobActions.For(job.State))
            body.Add(Forms.Button(r, "job/" + action, label, ("id", job.Id.Value)));
        body.Add($"</p><table class=\"fields\"><tbody>");
        Row(body, "Id", Html.Of($"<code>{job.Id.Value}</code>"));
        Row(body, "Queue", Html.Of($"<a href=\"{r.QueueUrl(job.Queue)}\">{job.Queue}</a>"));
        Row(body, "Task", Html.Of($"{job.TaskName} <span class=\"muted\">{TaskNote(r, job.TaskName)}</span>"));
        Row(body, "State", Html.Of($"{Format.State(job.State)}{(job.CancelRequested ? " (cancel requested)" : "")}"));
        string attempts = envelope is null ? $"{job.Failures + 1}" : $"{job.Failures + 1} of {envelope.MaxRetries + 1}";
        Row(body, "Attempt", Html.Of($"{attempts}{(job.Stalls > 0 ? $", {job.Stalls} stalled" : "")}"));
        Row(body, "Enqueued", Format.Time(job.EnqueuedAt));
        Row(body, "Due", Format.Time(job.DueAt));
        Row(body, "Started", Format.Time(job.StartedAt));
        Row(body, "Ended", Format.Time(job.EndedAt));
        Row(body, "Worker", Html.Of($"{job.WorkerId ?? "—"}"));
        if (job.Progress is { } progress)
            Row(body, "Progress", Html.Of($"<progress max=\"100\" value=\"{progress.ToString("0.##", CultureInfo.InvariantCulture)}\"></progress> {progress.ToString("0.##", CultureInfo.InvariantCulture)} %"));
        if (envelope is not null)
        {
            if (envelope.Timeout is { } timeout)
                Row(body, "Time limit", Html.Of($"{timeout}"));
            if (envelope.UniqueKey is { } unique)
                Row(body, "Unique key", Html.Of($"<code>{unique}</code>"));
            if (envelope.GroupId is { } group)
                Row(body, "Group", Html.Of($"<code>{group}</code> ({envelope.GroupSize} members)"));
            if (envelope.Next is { Count: > 0 } next)
                Row(body, "Chain", Html.Of($"{next.Count} more links after this one"));
            if (envelope.TraceParent is { } trace)
                Row(body, "Trace", Html.Of($"<code>{trace}</code>"));
        }
        body.Add($"</tbody></table>");
        if (!string.IsNullOrEmpty(job.LastError))
            body.Add($"<h2>Last error</h2><pre class=\"error\" id=\"tt-error\">{job.LastError}</pre>");
        body.Add($"<h2>Payload</h2>");
        if (envelope is null)
            body.Add($"<p class=\"error\">The job's envelope cannot be read: {envelopeError}</p>");
        else
            Payload(r, body, envelope);
        if (job.Result is { } result)
        {
            body.Add($"<h2>Result</h2>");
            Json(body, "tt-result", result);
        }
        return (200, Layout.Page(r, "Job " + job.Id.Value, new RawHtml(body.ToString())));
    }

    /// <summary>
    /// The arguments as the application's generated reader for the task reads them (then written back by its generated
    /// writer and shown as JSON); a task this application does not know, or a payload its reader refuses, shows its raw
    /// MessagePack as JSON.
    /// </summary>
    private static void Payload(DashboardRequest r, Html body, JobEnvelope envelope)
    {
        if (r.Registry is null || !r.Registry.TryGet(envelope.Name, out var task))
        {
            body.Add($"<p class=\"muted\" id=\"tt-payload-source\">This application does not know the task {envelope.Name}: its raw MessagePack as JSON.</p>");
            Json(body, "tt-payload", envelope.Args);
            return;
        }
        byte[] read;
        try
        {
            read = task.Rewrite(envelope.Args);
        }
        catch (TaskPayloadException e)
        {
            body.Add($"<p class=\"error\" id=\"tt-payload-source\">{task.TypeName} cannot read this payload: {e.Message}. Its raw MessagePack as JSON:</p>");
            Json(body, "tt-payload", envelope.Args);
            return;
        }
        body.Add($"<p class=\"muted\" id=\"tt-payload-source\">Read as {task.TypeName} by its generated reader.</p>");
        Json(body, "tt-payload", read);
    }

    private static void Row(Html body, string label, RawHtml value) => body.Add($"<tr><th>{label}</th><td>{value}</td></tr>");

    /// <summary>Whether this application's task registry knows the task, and by which type.</summary>
    private static string TaskNote(DashboardRequest r, string taskName) =>
        r.Registry is null ? "" : r.Registry.TryGet(taskName, out var task) ? $"({task.TypeName})" : "(unknown to this application: shown from its raw MessagePack)";

    /// <summary>MessagePack shown as JSON (see <see cref="MessagePackJson"/>), or the reason it cannot be.</summary>
    private static void Json(Html body, string id, ReadOnlyMemory<byte> bytes)
    {
        try
        {
            body.Add($"<pre class=\"json\" id=\"{id}\">{MessagePackJson.ToJson(bytes)}</pre>");
        }
        catch (MessagePackSerializationException e)
        {
            body.Add($"<p class=\"error\" id=\"{id}\">Not valid MessagePack ({e.Message}); {bytes.Length} bytes: <code>{Convert.ToHexString(bytes.Span[..Math.Min(bytes.Length, 512)])}</code></p>");
        }
    }

    private static JobEnvelope? TryDecode(ReadOnlyMemory<byte> bytes, out string? error)
    {
        try
        {
            error = null;
            return JobEnvelopeCodec.Decode(bytes);
        }
        catch (MessagePackSerializationException e)
        {
            error = e.Message;
            return null;
        }
    }
}
