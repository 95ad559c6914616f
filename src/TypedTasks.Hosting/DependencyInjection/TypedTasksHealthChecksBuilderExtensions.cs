using Microsoft.Extensions.Diagnostics.HealthChecks;
using TypedTasks.Brokers;
using TypedTasks.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the TypedTasks health check.</summary>
public static class TypedTasksHealthChecksBuilderExtensions
{
    /// <summary>Adds <see cref="TypedTasksHealthCheck"/> (broker reachability and worker heartbeats) as <paramref name="name"/>.</summary>
    public static IHealthChecksBuilder AddTypedTasks(this IHealthChecksBuilder builder, string name = "typedtasks",
        HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(name,
            sp => new TypedTasksHealthCheck(sp.GetRequiredService<IBroker>(), sp.GetRequiredService<WorkerHeartbeats>(),
                sp.GetService<TimeProvider>() ?? TimeProvider.System),
            failureStatus, tags));
    }
}
