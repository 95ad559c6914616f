using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TypedTasks.Dashboard;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the TypedTasks dashboard.</summary>
public static class TypedTasksDashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the dashboard under <paramref name="prefix"/>. Without an authorization policy it answers requests from
    /// this machine only (403 otherwise); add one on the returned builder to open it to signed-in users:
    /// <c>app.MapTypedTasksDashboard("/typedtasks").RequireAuthorization("admins")</c>.
    /// Needs <c>builder.Services.AddTypedTasksDashboard()</c> and a broker from <c>AddTypedTasks</c>.
    /// </summary>
    /// <returns>The endpoints' convention builder, for <c>RequireAuthorization</c> and other conventions.</returns>
    /// <exception cref="InvalidOperationException"><c>AddTypedTasksDashboard</c> was not called.</exception>
    public static IEndpointConventionBuilder MapTypedTasksDashboard(this IEndpointRouteBuilder endpoints, string prefix = "/typedtasks")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (!prefix.StartsWith('/'))
            throw new ArgumentException($"The dashboard's prefix '{prefix}' must start with '/'.", nameof(prefix));
        return DashboardEndpoints.Map(endpoints, prefix.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/");
    }
}

/// <summary>Registers what the TypedTasks dashboard needs.</summary>
public static class TypedTasksDashboardServiceCollectionExtensions
{
    /// <summary>Adds antiforgery (every action of the dashboard is a POST with a token) and the dashboard's options.</summary>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddTypedTasksDashboard(this IServiceCollection services, Action<DashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new DashboardOptions();
        configure?.Invoke(options);
        services.AddAntiforgery();
        services.TryAddSingleton(options);
        return services;
    }
}
