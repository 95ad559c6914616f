namespace TypedTasks.Dashboard;

/// <summary>The POST forms of the dashboard's actions: each carries the antiforgery token and where to return.</summary>
internal static class Forms
{
    /// <summary>A one-button form posting <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public static RawHtml Button(DashboardRequest r, string action, string label, params (string Name, string Value)[] fields)
    {
        var html = new Html();
        html.Add($"<form class=\"inline\" method=\"post\" action=\"{r.Url(action)}\">{r.AntiforgeryField()}{Back(r)}");
        foreach (var (name, value) in fields)
            html.Add($"<input type=\"hidden\" name=\"{name}\" value=\"{value}\">");
        html.Add($"<button type=\"submit\" data-action=\"{action}\">{label}</button></form>");
        return new RawHtml(html.ToString());
    }

    /// <summary>The hidden field naming the page to come back to after the action: this one.</summary>
    public static RawHtml Back(DashboardRequest r) =>
        Html.Of($"<input type=\"hidden\" name=\"back\" value=\"{r.Context.Request.PathBase}{r.Context.Request.Path}{r.Context.Request.QueryString}\">");
}
