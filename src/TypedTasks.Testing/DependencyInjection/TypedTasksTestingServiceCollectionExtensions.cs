using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using TypedTasks;
using TypedTasks.Brokers;
using TypedTasks.Hosting;
using TypedTasks.Testing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts an application's TypedTasks under the test kit.</summary>
public static class TypedTasksTestingServiceCollectionExtensions
{
    /// <summary>
    /// Puts the application's TypedTasks under test: its broker becomes an in-memory broker that records every job it
    /// stores, its clock (its <see cref="TimeProvider"/>) a <see cref="FakeTimeProvider"/>, its workers and cron
    /// schedulers are taken out (the test runs jobs with <see cref="TaskTestHarness"/>), and
    /// <see cref="TypedTasks.TaskClient.Default"/> leads to this application. Take the harness from the services:
    /// <c>services.GetRequiredService&lt;TaskTestHarness&gt;()</c>. Call it after the application's own registrations
    /// (in <c>ConfigureTestServices</c> with WebApplicationFactory).
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="mode">What an enqueue does: record the job (fake) or run it in the caller (inline).</param>
    /// <param name="configure">Sets the clock and the depth bound.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddTypedTasksTesting(this IServiceCollection services, TestMode mode = TestMode.Fake,
        Action<TaskTestingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new TaskTestingOptions { Mode = mode };
        configure?.Invoke(options);
        options.Validate();
        var clock = options.Clock ?? new FakeTimeProvider(DateTimeOffset.UtcNow);

        services.AddSingleton(new WorkersTakenOut(TakeOutWorkers(services)));
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(clock);
        services.RemoveAll<IBroker>();
        services.AddSingleton<IBroker>(sp => sp.GetRequiredService<TaskTestHarness>().Broker);
        services.TryAddSingleton(TaskRegistry.Default);
        services.TryAddSingleton<ITaskClient>(sp => new HostTaskClient(sp.GetRequiredService<IBroker>(), sp.GetServices<IEnqueueMiddleware>(), clock, BrokerTaskClient.DefaultMaxPayloadBytes));
        services.AddSingleton(sp => new TaskTestHarness(sp, options, clock));
        services.AddHostedService<HarnessActivator>();
        return services;
    }

    /// <summary>
    /// Removes the hosted services of every <c>AddWorker</c> (workers and cron schedulers), which
    /// <see cref="WorkerRegistration"/> marks; their options stay registered for the harness to run jobs with.
    /// </summary>
    private static int TakeOutWorkers(IServiceCollection services)
    {
        var removed = new HashSet<WorkerRegistration>();
        for (int i = services.Count - 1; i >= 0; i--)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType == typeof(IHostedService) && !descriptor.IsKeyedService
                && descriptor.ImplementationFactory?.Target is WorkerRegistration registration)
            {
                services.RemoveAt(i);
                removed.Add(registration);
            }
        }
        return removed.Count;
    }
}
