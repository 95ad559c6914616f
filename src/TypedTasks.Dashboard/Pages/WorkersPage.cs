namespace TypedTasks.Dashboard;

/// <summary>The hosts with their workers: heartbeats, queues and running jobs.</summary>
internal static class WorkersPage
{
    public static async Task<string> RenderAsync(DashboardRequest r)
    {
        var body = new Html();
        if (r.Admin is null)
            return Layout.Page(r, "Workers", new RawHtml(""));
        var workers = await r.Admin.GetWorkersAsync(r.Aborted).ConfigureAwait(false);
        var now = r.Time.GetUtcNow();
        if (workers.Count == 0)
            body.Add($"<p class=\"empty\">No worker has sent a heartbeat lately.</p>");
        foreach (var host in workers.GroupBy(w => w.Host).OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            body.Add($"<section class=\"host\"><h2>{host.Key}</h2><table><thead><tr><th>Worker</th><th class=\"n\">Process</th><th>Queues</th><th>Started</th><th>Heartbeat</th><th>Running jobs</th></tr></thead><tbody>");
            foreach (var w in host)
            {
                body.Add($"<tr data-worker=\"{w.Id}\"><td><code>{w.Id}</code></td><td class=\"n\">{w.ProcessId}</td><td>");
                body.Add(new RawHtml(string.Join(", ", w.Queues.Select(q => Html.Of($"<a href=\"{r.QueueUrl(q.Name)}\">{q.Name}</a>×{q.Concurrency}").Value))));
                body.Add($"</td><td>{Format.Time(w.StartedAt)}</td><td>{Format.Age(now - w.BeatAt)}</td><td>");
                if (w.Running.Count == 0)
                    body.Add($"idle");
                foreach (var job in w.Running)
                    body.Add($"<div><a href=\"{r.JobUrl(job.Id)}\"><code>{job.Id.Value}</code></a> {job.TaskName} on {job.Queue}, {Format.Age(now - job.StartedAt).Replace(" ago", "", StringComparison.Ordinal)}</div>");
                body.Add($"</td></tr>");
            }
            body.Add($"</tbody></table></section>");
        }
        return Layout.Page(r, "Workers", new RawHtml(body.ToString()));
    }
}
