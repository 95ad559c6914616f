namespace TypedTasks.Dashboard;

/// <summary>Settings of the TypedTasks dashboard; give them to <c>AddTypedTasksDashboard(o =&gt; ...)</c>.</summary>
public sealed class DashboardOptions
{
    /// <summary>The title on every page.</summary>
    public string Title { get; set; } = "TypedTasks";

    /// <summary>Jobs per page in a queue's listings.</summary>
    public int PageSize { get; set; } = 25;

    /// <summary>How often the overview refreshes its counts and chart, in the browser.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);
}
