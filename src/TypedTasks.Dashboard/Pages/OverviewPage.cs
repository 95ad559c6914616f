using System.Text;
using TypedTasks.Brokers;

namespace TypedTasks.Dashboard;

/// <summary>Each queue's counts with pause and resume, and the chart of processed and failed attempts per minute.</summary>
internal static class OverviewPage
{
    private static readonly (string Key, string Label, JobSet Set)[] s_columns =
    [
        ("pending", "Pending", JobSet.Pending), ("active", "Active", JobSet.Active), ("scheduled", "Scheduled", JobSet.Scheduled),
        ("retry", "Retry", JobSet.Retry), ("dead", "Dead", JobSet.Dead), ("kept", "Kept", JobSet.Kept),
    ];

    public static async Task<string> RenderAsync(DashboardRequest r)
    {
        var data = await OverviewData.LoadAsync(r).ConfigureAwait(false);
        var body = new Html();
        body.Add($"""
            <section class="chart"><h2>Processed and failed per minute, last hour</h2>
            <svg id="tt-chart" role="img" aria-label="Processed and failed jobs per minute over the last hour" viewBox="0 0 720 200" preserveAspectRatio="none"></svg>
            <p class="legend"><span class="processed">processed</span> <span class="failed">failed</span> <span id="tt-chart-total"></span></p>
            </section>
            <script type="application/json" id="tt-data" data-refresh-ms="{(long)r.Options.RefreshInterval.TotalMilliseconds}" data-api="{r.Url("api/overview")}">
            """);
        body.Add(new RawHtml(Encoding.UTF8.GetString(data.ToJson())));
        body.Add($"</script>");
        if (data.Queues.Count == 0)
        {
            body.Add($"<p class=\"empty\">No queue has received a job yet.</p>");
            return Layout.Page(r, "Overview", new RawHtml(body.ToString()));
        }
        body.Add($"<table class=\"queues\"><thead><tr><th>Queue</th>");
        foreach (var (_, label, _) in s_columns)
            body.Add($"<th class=\"n\">{label}</th>");
        body.Add($"<th class=\"n\">Succeeded</th><th class=\"n\">Failed</th><th>State</th><th></th></tr></thead><tbody>");
        foreach (var q in data.Queues)
        {
            body.Add($"<tr data-queue=\"{q.Queue}\"><td><a href=\"{r.QueueUrl(q.Queue)}\">{q.Queue}</a></td>");
            foreach (var (key, _, set) in s_columns)
                body.Add($"<td class=\"n\"><a data-count=\"{key}\" href=\"{r.QueueUrl(q.Queue, set)}\">{Format.Count(Format.CountOf(q, set))}</a></td>");
            body.Add($"""
                <td class="n" data-count="succeeded">{Format.Count(q.Succeeded)}</td><td class="n" data-count="failed">{Format.Count(q.Failed)}</td>
                <td data-paused="{(q.Paused ? "paused" : "running")}">{(q.Paused ? "paused" : "running")}</td>
                <td>{Forms.Button(r, q.Paused ? "queue/resume" : "queue/pause", q.Paused ? "Resume" : "Pause", ("name", q.Queue))}</td></tr>
                """);
        }
        body.Add($"</tbody></table>");
        return Layout.Page(r, "Overview", new RawHtml(body.ToString()));
    }
}
