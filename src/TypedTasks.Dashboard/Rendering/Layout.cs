namespace TypedTasks.Dashboard;

/// <summary>The frame of every page: title, navigation, the find-a-job box and the access notice.</summary>
internal static class Layout
{
    public static string Page(DashboardRequest r, string title, RawHtml body)
    {
        var html = new Html();
        html.Add($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · {r.Options.Title}</title>
            <link rel="stylesheet" href="{r.Url(Assets.Path("dashboard.css"))}">
            <script src="{r.Url(Assets.Path("dashboard.js"))}" defer></script>
            </head><body>
            <header><a class="brand" href="{r.Url("")}">{r.Options.Title}</a>
            <nav><a href="{r.Url("")}">Overview</a><a href="{r.Url("workers")}">Workers</a><a href="{r.Url("cron")}">Cron</a></nav>
            <form class="find" method="get" action="{r.Url("find")}"><input name="id" placeholder="Find a job by id" aria-label="Job id" required><button>Find</button></form>
            </header>
            """);
        if (!r.HasPolicy)
        {
            html.Add($"""
                <p class="notice" id="tt-local-only">This dashboard has no authorization policy, so it serves requests from this machine only.
                Add <code>.RequireAuthorization(policy)</code> to <code>MapTypedTasksDashboard</code> to open it to signed-in users.</p>
                """);
        }
        if (r.Context.Request.Query["done"].ToString() is { Length: > 0 } done)
            html.Add($"<p class=\"done\" role=\"status\">{done}</p>");
        if (r.Admin is null)
            html.Add($"<p class=\"notice\">The broker {r.Broker.GetType().Name} does not implement IBrokerAdmin: job listings, throughput, workers and cron schedules are not available.</p>");
        html.Add($"<main><h1>{title}</h1>").Add(body).Add($"</main></body></html>");
        return html.ToString();
    }

    /// <summary>A page saying what is missing, with status 404.</summary>
    public static string NotFound(DashboardRequest r, string title, string message) =>
        Page(r, title, Html.Of($"<p class=\"empty\">{message}</p>"));
}
