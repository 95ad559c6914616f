using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TypedTasks.Brokers;

namespace TypedTasks.Hosting;

/// <summary>
/// One <c>AddWorker</c> call: its options, registered as a service, and the factories of its hosted services (the
/// worker and, with schedules, its cron scheduler). The hosted services' descriptors point at these factories, so the
/// test kit can tell a worker's services apart from the application's own and take them out.
/// </summary>
internal sealed class WorkerRegistration(WorkerOptions options)
{
    public WorkerOptions Options { get; } = options;

    public IHostedService CreateWorker(IServiceProvider services) => new TaskWorker(
        services.GetRequiredService<IBroker>(),
        services.GetRequiredService<TaskRegistry>(),
        services.GetRequiredService<IServiceScopeFactory>(),
        Options,
        services.GetServices<IJobMiddleware>(),
        services.GetServices<IJobLifecycleObserver>(),
        services.GetRequiredService<WorkerHeartbeats>(),
        services.GetRequiredService<IOptions<HostOptions>>().Value,
        services.GetService<TimeProvider>() ?? TimeProvider.System,
        services.GetService<ILoggerFactory>()?.CreateLogger<TaskWorker>() ?? NullLogger<TaskWorker>.Instance);

    public IHostedService CreateScheduler(IServiceProvider services) => new CronScheduler(
        Options.Schedules,
        services.GetRequiredService<ITaskClient>(),
        BrokerAdmin.Of(services.GetRequiredService<IBroker>()),
        services.GetService<TimeProvider>() ?? TimeProvider.System,
        services.GetService<ILoggerFactory>()?.CreateLogger<CronScheduler>() ?? NullLogger<CronScheduler>.Instance);
}
