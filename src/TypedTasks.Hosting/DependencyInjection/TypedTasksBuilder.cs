using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using TypedTasks.Brokers;

namespace TypedTasks.Hosting;

/// <summary>Adds workers, middleware and lifecycle observers to a TypedTasks registration.</summary>
public sealed class TypedTasksBuilder
{
    private readonly TypedTasksSettings? _settings;

    internal TypedTasksBuilder(IServiceCollection services, TypedTasksSettings? settings)
    {
        Services = services;
        _settings = settings;
    }

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Adds a worker: a hosted service that fetches and runs jobs of the queues it is given. Queues and settings
    /// from the <c>TypedTasks</c> configuration section are applied first, then <paramref name="configure"/>.
    /// Call it several times for several independent worker loops.
    /// </summary>
    /// <returns>This builder, for chaining.</returns>
    public TypedTasksBuilder AddWorker(Action<WorkerOptions>? configure = null)
    {
        var options = new WorkerOptions();
        if (_settings is not null)
        {
            foreach (var (name, queue) in _settings.Queues)
                options.Queue(name, queue.Concurrency, queue.Weight, queue.Retention);
            if (_settings.StrictOrder is { } strict)
                options.StrictOrder = strict;
        }
        configure?.Invoke(options);
        options.Validate();
        var registration = new WorkerRegistration(options);
        Services.AddSingleton(registration);
        Services.AddSingleton<IHostedService>(registration.CreateWorker);
        if (options.Schedules.Count > 0)
            Services.AddSingleton<IHostedService>(registration.CreateScheduler);
        return this;
    }

    /// <summary>Adds a middleware around every job's execution; middleware run in the order they are added.</summary>
    /// <returns>This builder, for chaining.</returns>
    public TypedTasksBuilder AddJobMiddleware(IJobMiddleware middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        Services.AddSingleton(middleware);
        return this;
    }

    /// <summary>Adds a middleware around every enqueue; middleware run in the order they are added.</summary>
    /// <returns>This builder, for chaining.</returns>
    public TypedTasksBuilder AddEnqueueMiddleware(IEnqueueMiddleware middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        Services.AddSingleton(middleware);
        return this;
    }

    /// <summary>Adds an observer told when jobs start, succeed, are retried or fail for good.</summary>
    /// <returns>This builder, for chaining.</returns>
    public TypedTasksBuilder AddLifecycleObserver(IJobLifecycleObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        Services.AddSingleton(observer);
        return this;
    }

    internal void AddCoreServices(TypedTasksOptions options)
    {
        Services.TryAddSingleton<IBroker>(options.BrokerFactory ?? (sp => new InMemoryBroker(sp.GetService<TimeProvider>())));
        Services.TryAddSingleton<TaskRegistry>(options.Registry ?? TaskRegistry.Default);
        Services.TryAddSingleton<WorkerHeartbeats>();
        Services.TryAddSingleton<ITaskClient>(sp => new HostTaskClient(
            sp.GetRequiredService<IBroker>(),
            sp.GetServices<IEnqueueMiddleware>(),
            sp.GetService<TimeProvider>(),
            options.MaxPayloadBytes));
        Services.AddHostedService<TaskClientActivator>();
    }
}
