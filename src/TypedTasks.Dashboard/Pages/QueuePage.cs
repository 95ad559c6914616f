using System.Globalization;
using TypedTasks.Brokers;

namespace TypedTasks.Dashboard;

/// <summary>One queue's jobs of one set, paged, with the actions that set allows on one job, a selection or all.</summary>
internal static class QueuePage
{
    public static async Task<(int Status, string Page)> RenderAsync(DashboardRequest r)
    {
        var query = r.Context.Request.Query;
        string? queue = query["name"];
        if (string.IsNullOrEmpty(queue) || !Format.TryParseSet(query["set"], out var set)
            || !int.TryParse(query["page"].ToString() is { Length: > 0 } p ? p : "1", NumberStyles.None, CultureInfo.InvariantCulture, out int page) || page < 1)
            return (400, Layout.NotFound(r, "Queue", "The address names no queue, or an unknown set or page."));
        try
        {
            Brokers.QueueName.Validate(queue);
        }
        catch (ArgumentException e)
        {
            return (400, Layout.NotFound(r, "Queue", e.Message));
        }
        var stats = await r.Broker.GetQueueStatsAsync(queue, r.Aborted).ConfigureAwait(false);
        var body = new Html();
        body.Add($"<p class=\"queue-state\">{(stats.Paused ? "Paused: no worker fetches its jobs." : "Running.")} ")
            .Add(Forms.Button(r, stats.Paused ? "queue/resume" : "queue/pause", stats.Paused ? "Resume" : "Pause", ("name", queue)))
            .Add($"</p><nav class=\"tabs\">");
        foreach (var tab in Enum.GetValues<JobSet>())
        {
            body.Add($"<a href=\"{r.QueueUrl(queue, tab)}\" class=\"{(tab == set ? "current" : "")}\">{tab} <span class=\"n\">{Format.Count(Format.CountOf(stats, tab))}</span></a>");
        }
        body.Add($"</nav>");
        if (r.Admin is null)
            return (200, Layout.Page(r, "Queue " + queue, new RawHtml(body.ToString())));

        int size = Math.Max(1, r.Options.PageSize);
        long total = Format.CountOf(stats, set);
        var jobs = await r.Admin.ListJobsAsync(queue, set, (int)Math.Min(int.MaxValue, (long)(page - 1) * size), size, r.Aborted).ConfigureAwait(false);
        if (jobs.Count == 0)
            body.Add($"<p class=\"empty\">No {Format.Name(set)} jobs{(page > 1 ? " on this page" : "")}.</p>");
        else
            AddTable(r, body, queue, set, jobs);
        AddPager(r, body, queue, set, page, size, total);
        return (200, Layout.Page(r, $"Queue {queue}: {Format.Name(set)}", new RawHtml(body.ToString())));
    }

    private static void AddTable(DashboardRequest r, Html body, string queue, JobSet set, IReadOnlyList<JobInfo> jobs)
    {
        body.Add($"""
            <form method="post" class="jobs" action="{r.Url("queue/delete")}">{r.AntiforgeryField()}{Forms.Back(r)}
            <input type="hidden" name="name" value="{queue}"><input type="hidden" name="set" value="{Format.Name(set)}">
            <table><thead><tr><th><input type="checkbox" data-select-all aria-label="Select all"></th><th>Job</th><th>Task</th><th>{TimeHeader(set)}</th><th class="n">Attempt</th><th>Last error</th><th></th></tr></thead><tbody>
            """);
        foreach (var job in jobs)
        {
            body.Add($"""
                <tr data-job="{job.Id.Value}"><td><input type="checkbox" name="ids" value="{job.Id.Value}" aria-label="Select {job.Id.Value}"></td>
                <td><a href="{r.JobUrl(job.Id)}"><code>{job.Id.Value}</code></a></td><td>{job.TaskName}</td><td>{Format.Time(TimeOf(set, job))}</td>
                <td class="n">{job.Failures + 1}</td><td class="error">{Format.Short(job.LastError)}</td><td class="row-actions">
                """);
            foreach (var (action, label) in JobActions.For(job.State))
                body.Add($"<button type=\"submit\" formaction=\"{r.Url("job/" + action)}\" name=\"id\" value=\"{job.Id.Value}\">{label}</button>");
            body.Add($"</td></tr>");
        }
        body.Add($"</tbody></table><p class=\"bulk\">");
        if (set is JobSet.Dead or JobSet.Retry or JobSet.Scheduled)
        {
            string verb = set == JobSet.Dead ? "Retry" : "Run now";
            body.Add($"""
                <button type="submit" formaction="{r.Url("queue/retry")}" data-bulk="retry-selected">{verb} selected</button>
                <button type="submit" formaction="{r.Url("queue/retry")}" name="all" value="true" data-confirm="{verb}: every {Format.Name(set)} job of {queue}?">{verb} all</button>
                """);
        }
        if (set != JobSet.Active)
        {
            body.Add($"""
                <button type="submit" formaction="{r.Url("queue/delete")}" data-bulk="delete-selected">Delete selected</button>
                <button type="submit" formaction="{r.Url("queue/delete")}" name="all" value="true" data-confirm="Delete every {Format.Name(set)} job of {queue}?">Delete all</button>
                """);
        }
        body.Add($"</p></form>");
    }

    private static void AddPager(DashboardRequest r, Html body, string queue, JobSet set, int page, int size, long total)
    {
        long pages = Math.Max(1, (total + size - 1) / size);
        body.Add($"<p class=\"pager\">Page {page} of {pages} ({Format.Count(total)} jobs) ");
        if (page > 1)
            body.Add($"<a rel=\"prev\" href=\"{r.QueueUrl(queue, set, page - 1)}\">Previous</a> ");
        if (page < pages)
            body.Add($"<a rel=\"next\" href=\"{r.QueueUrl(queue, set, page + 1)}\">Next</a>");
        body.Add($"</p>");
    }

    private static string TimeHeader(JobSet set) => set switch
    {
        JobSet.Scheduled or JobSet.Retry => "Due",
        JobSet.Active => "Started",
        JobSet.Dead or JobSet.Kept => "Ended",
        _ => "Enqueued",
    };

    private static DateTimeOffset? TimeOf(JobSet set, JobInfo job) => set switch
    {
        JobSet.Scheduled or JobSet.Retry => job.DueAt,
        JobSet.Active => job.StartedAt,
        JobSet.Dead or JobSet.Kept => job.EndedAt,
        _ => job.EnqueuedAt,
    };
}
