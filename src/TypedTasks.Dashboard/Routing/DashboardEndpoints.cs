using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using TypedTasks.Brokers;

namespace TypedTasks.Dashboard;

/// <summary>
/// The dashboard's endpoints. Pages are GETs that change nothing; every change is a POST whose antiforgery token is
/// validated before anything else, answered by a redirect back to the page it came from (303, so a reload does not
/// post again). Handlers are <see cref="RequestDelegate"/>s, so no minimal-API binding by reflection is involved.
/// </summary>
internal static class DashboardEndpoints
{
    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, string prefix)
    {
        if (endpoints.ServiceProvider.GetService<IAntiforgery>() is null)
            throw new InvalidOperationException("MapTypedTasksDashboard needs antiforgery: call builder.Services.AddTypedTasksDashboard() before building the app.");
        var group = endpoints.MapGroup(prefix);
        group.MapGet("/", Page(prefix, async r => (200, await OverviewPage.RenderAsync(r).ConfigureAwait(false))));
        group.MapGet("/queue", Page(prefix, QueuePage.RenderAsync));
        group.MapGet("/job", Page(prefix, JobPage.RenderAsync));
        group.MapGet("/workers", Page(prefix, async r => (200, await WorkersPage.RenderAsync(r).ConfigureAwait(false))));
        group.MapGet("/cron", Page(prefix, async r => (200, await CronPage.RenderAsync(r).ConfigureAwait(false))));
        group.MapGet("/find", Guarded(prefix, Find));
        group.MapGet("/api/overview", Guarded(prefix, OverviewApiAsync));
        group.MapGet("/assets/{name}", Guarded(prefix, Assets.ServeAsync));

        group.MapPost("/queue/pause", Action(prefix, (r, form) => QueueActions.PauseAsync(r, QueueOf(form))));
        group.MapPost("/queue/resume", Action(prefix, (r, form) => QueueActions.ResumeAsync(r, QueueOf(form))));
        group.MapPost("/queue/retry", Action(prefix, (r, form) => QueueActions.RetryAsync(r, QueueOf(form), SetOf(form), IdsOf(form), AllOf(form))));
        group.MapPost("/queue/delete", Action(prefix, (r, form) => QueueActions.DeleteAsync(r, QueueOf(form), SetOf(form), IdsOf(form), AllOf(form))));
        group.MapPost("/job/retry", Action(prefix, (r, form) => JobActions.RetryAsync(r, IdOf(form))));
        group.MapPost("/job/delete", Action(prefix, (r, form) => JobActions.DeleteAsync(r, IdOf(form))));
        group.MapPost("/job/cancel", Action(prefix, (r, form) => JobActions.CancelAsync(r, IdOf(form))));
        return group;
    }

    /// <summary>Refuses a request without an authorization policy unless it comes from this machine.</summary>
    private static RequestDelegate Guarded(string prefix, Func<DashboardRequest, Task> handle) => async context =>
    {
        var request = new DashboardRequest(context, prefix);
        if (!request.HasPolicy && !DashboardRequest.IsLocal(context))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync(
                "The TypedTasks dashboard has no authorization policy, so it serves local requests only. Add .RequireAuthorization(policy) to MapTypedTasksDashboard.",
                context.RequestAborted).ConfigureAwait(false);
            return;
        }
        await handle(request).ConfigureAwait(false);
    };

    private static RequestDelegate Page(string prefix, Func<DashboardRequest, Task<(int Status, string Html)>> render) => Guarded(prefix, async r =>
    {
        var (status, html) = await render(r).ConfigureAwait(false);
        var response = r.Context.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers["Content-Security-Policy"] = "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
        await response.WriteAsync(html, r.Aborted).ConfigureAwait(false);
    });

    /// <summary>A POST: the antiforgery token first, then the change, then a 303 back with what happened.</summary>
    private static RequestDelegate Action(string prefix, Func<DashboardRequest, IFormCollection, Task<string>> act) => Guarded(prefix, async r =>
    {
        try
        {
            await r.Antiforgery.ValidateRequestAsync(r.Context).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            r.Context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await r.Context.Response.WriteAsync("The form's antiforgery token is missing or invalid: reload the page and try again.", r.Aborted).ConfigureAwait(false);
            return;
        }
        var form = await r.Context.Request.ReadFormAsync(r.Aborted).ConfigureAwait(false);
        string message;
        try
        {
            message = await act(r, form).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            r.Context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await r.Context.Response.WriteAsync(e.Message, r.Aborted).ConfigureAwait(false);
            return;
        }
        r.Context.Response.Redirect(BackTo(r, form["back"], message));
        r.Context.Response.StatusCode = StatusCodes.Status303SeeOther;
    });

    /// <summary>The page the form came from, if it is one of the dashboard's (never another site), with the message.</summary>
    private static string BackTo(DashboardRequest r, string? back, string message)
    {
        string home = r.Url("");
        string target = back is not null && back.StartsWith(home.TrimEnd('/'), StringComparison.Ordinal) && !back.StartsWith("//", StringComparison.Ordinal)
            ? back : home;
        int query = target.IndexOf('?');
        var parameters = query < 0 ? [] : QueryHelpers.ParseQuery(target[query..]);
        parameters.Remove("done");
        parameters["done"] = message;
        return QueryHelpers.AddQueryString(query < 0 ? target : target[..query], parameters);
    }

    private static Task Find(DashboardRequest r)
    {
        string id = r.Context.Request.Query["id"].ToString().Trim();
        r.Context.Response.Redirect(id.Length is > 0 and <= 200 ? r.JobUrl(new JobId(id)) : r.Url(""));
        return Task.CompletedTask;
    }

    private static async Task OverviewApiAsync(DashboardRequest r)
    {
        var data = await OverviewData.LoadAsync(r).ConfigureAwait(false);
        r.Context.Response.ContentType = "application/json";
        r.Context.Response.Headers.CacheControl = "no-store";
        await r.Context.Response.Body.WriteAsync(data.ToJson(), r.Aborted).ConfigureAwait(false);
    }

    private static string QueueOf(IFormCollection form) => QueueName.Validate(form["name"], "name");

    private static JobSet SetOf(IFormCollection form) =>
        Format.TryParseSet(form["set"], out var set) ? set : throw new ArgumentException($"Unknown job set '{form["set"]}'.", "set");

    private static bool AllOf(IFormCollection form) => form["all"] == "true";

    private static JobId IdOf(IFormCollection form) => form["id"].ToString() is { Length: > 0 and <= 200 } id
        ? new JobId(id) : throw new ArgumentException("The form names no job id.", "id");

    private static List<JobId> IdsOf(IFormCollection form) =>
        form["ids"].Where(id => id is { Length: > 0 and <= 200 }).Select(id => new JobId(id!)).ToList();
}
