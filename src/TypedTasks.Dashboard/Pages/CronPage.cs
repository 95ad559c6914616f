namespace TypedTasks.Dashboard;

/// <summary>The cron schedules every host recorded: expression, time zone, next fire times and last fire.</summary>
internal static class CronPage
{
    public static async Task<string> RenderAsync(DashboardRequest r)
    {
        var body = new Html();
        if (r.Admin is null)
            return Layout.Page(r, "Cron schedules", new RawHtml(""));
        var schedules = await r.Admin.GetCronSchedulesAsync(r.Aborted).ConfigureAwait(false);
        var now = r.Time.GetUtcNow();
        if (schedules.Count == 0)
        {
            body.Add($"<p class=\"empty\">No running host has a cron schedule.</p>");
            return Layout.Page(r, "Cron schedules", new RawHtml(body.ToString()));
        }
        body.Add($"<table class=\"cron\"><thead><tr><th>Task</th><th>Expression</th><th>Time zone</th><th>Queue</th><th>Next fires</th><th>Last fire</th><th>Recorded by</th></tr></thead><tbody>");
        foreach (var s in schedules)
        {
            body.Add($"<tr data-schedule=\"{s.Id}\"><td>{s.TaskName}</td><td><code>{s.Expression}</code></td><td>{s.TimeZone}</td><td>{s.Queue ?? "(the task's)"}</td><td>");
            foreach (var fire in s.NextFires.Where(f => f > now).Take(3))
                body.Add($"<div>{Format.Time(fire)}</div>");
            body.Add($"</td><td>");
            if (s.LastFireAt is { } last && s.LastJobId is { } job)
                body.Add($"{Format.Time(last)}<div><a href=\"{r.JobUrl(job)}\"><code>{job.Value}</code></a></div>");
            else
                body.Add($"not yet");
            body.Add($"</td><td>{s.Host} {Format.Age(now - s.RecordedAt)}</td></tr>");
        }
        body.Add($"</tbody></table>");
        return Layout.Page(r, "Cron schedules", new RawHtml(body.ToString()));
    }
}
