using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TypedTasks.Brokers;

namespace TypedTasks.Dashboard;

/// <summary>What every page and action of one request uses: the broker, its admin side, links and the antiforgery token.</summary>
internal sealed class DashboardRequest
{
    private readonly string _base;
    private AntiforgeryTokenSet? _tokens;

    public DashboardRequest(HttpContext context, string prefix)
    {
        Context = context;
        var services = context.RequestServices;
        Broker = services.GetService<IBroker>() ?? throw new InvalidOperationException(
            "The TypedTasks dashboard found no IBroker: call builder.Services.AddTypedTasks(...) before mapping it.");
        Admin = BrokerAdmin.Of(Broker);
        Registry = services.GetService<TaskRegistry>();
        Options = services.GetService<DashboardOptions>() ?? new DashboardOptions();
        Antiforgery = services.GetRequiredService<IAntiforgery>();
        Time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _base = context.Request.PathBase.Add(prefix).Value!.TrimEnd('/');
        var metadata = context.GetEndpoint()?.Metadata;
        HasPolicy = metadata?.GetMetadata<IAuthorizeData>() is not null || metadata?.GetMetadata<AuthorizationPolicy>() is not null;
    }

    public HttpContext Context { get; }

    public IBroker Broker { get; }

    public IBrokerAdmin? Admin { get; }

    public TaskRegistry? Registry { get; }

    public DashboardOptions Options { get; }

    public IAntiforgery Antiforgery { get; }

    public TimeProvider Time { get; }

    /// <summary>
    /// Whether the app put an authorization requirement on the dashboard (<c>RequireAuthorization</c> with a policy name,
    /// a policy or none, which adds the default policy); without one it serves local requests only.
    /// </summary>
    public bool HasPolicy { get; }

    public CancellationToken Aborted => Context.RequestAborted;

    /// <summary>A dashboard URL: the app's path base, the dashboard's prefix, then <paramref name="path"/> (with its query).</summary>
    public string Url(string path) => _base + "/" + path;

    public string QueueUrl(string queue, JobSet set = JobSet.Pending, int page = 1) =>
        Url($"queue?name={Uri.EscapeDataString(queue)}&set={set.ToString().ToLowerInvariant()}" + (page > 1 ? "&page=" + page.ToString(CultureInfo.InvariantCulture) : ""));

    public string JobUrl(JobId id) => Url("job?id=" + Uri.EscapeDataString(id.Value));

    /// <summary>The hidden antiforgery field every form carries.</summary>
    public RawHtml AntiforgeryField()
    {
        _tokens ??= Antiforgery.GetAndStoreTokens(Context);
        return Html.Of($"<input type=\"hidden\" name=\"{_tokens.FormFieldName}\" value=\"{_tokens.RequestToken}\">");
    }

    /// <summary>Whether the request comes from this machine (the loopback, or the server's own address).</summary>
    public static bool IsLocal(HttpContext context)
    {
        var connection = context.Connection;
        if (connection.RemoteIpAddress is not { } remote)
            return false;
        // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d.
        if (remote.IsIPv4MappedToIPv6)
            remote = remote.MapToIPv4();
        var local = connection.LocalIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : connection.LocalIpAddress;
        return System.Net.IPAddress.IsLoopback(remote) || remote.Equals(local);
    }
}
