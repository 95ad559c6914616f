using Microsoft.Extensions.Diagnostics.HealthChecks;
using TypedTasks.Brokers;

namespace TypedTasks.Hosting;

/// <summary>
/// Unhealthy when the broker does not answer a ping within <see cref="PingTimeout"/>, or when a worker of this
/// process has not renewed its leases for three heartbeat intervals (a stuck or disconnected worker).
/// </summary>
public sealed class TypedTasksHealthCheck : IHealthCheck
{
    private readonly IBroker _broker;
    private readonly WorkerHeartbeats _heartbeats;
    private readonly TimeProvider _time;

    internal TypedTasksHealthCheck(IBroker broker, WorkerHeartbeats heartbeats, TimeProvider time)
    {
        _broker = broker;
        _heartbeats = heartbeats;
        _time = time;
    }

    /// <summary>How long the broker has to answer.</summary>
    public static TimeSpan PingTimeout { get; } = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(PingTimeout);
            await _broker.PingAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The TypedTasks broker is unreachable: {e.Message}", e);
        }
        var stale = _heartbeats.Stale(_time.GetUtcNow()).ToList();
        if (stale.Count > 0)
            return HealthCheckResult.Unhealthy(
                "TypedTasks workers have not renewed their leases: " +
                string.Join(", ", stale.Select(s => $"{s.WorkerId} for {s.Age.TotalSeconds:0} s")));
        return HealthCheckResult.Healthy($"Broker reachable; {_heartbeats.Count} worker(s) beating.");
    }
}
