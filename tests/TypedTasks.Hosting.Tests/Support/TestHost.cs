using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TypedTasks.Brokers;

namespace TypedTasks.Hosting.Tests;

/// <summary>A Generic Host running TypedTasks with the test tasks, a <see cref="Recorder"/> and fast timings.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private TestHost(IHost host) => Host = host;

    public IHost Host { get; }

    public IBroker Broker => Host.Services.GetRequiredService<IBroker>();

    public ITaskClient Client => Host.Services.GetRequiredService<ITaskClient>();

    public Recorder Recorder => Host.Services.GetRequiredService<Recorder>();

    public static async Task<TestHost> StartAsync(Action<TypedTasksOptions> broker, Action<TypedTasksBuilder>? configure = null,
        Action<WorkerOptions>? worker = null, TimeSpan? shutdownTimeout = null, bool addWorker = true)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<Recorder>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(5));
        var typedTasks = builder.Services.AddTypedTasks(o =>
        {
            broker(o);
            o.Registry = TestTasks.Registry;
        });
        if (addWorker)
        {
            typedTasks.AddWorker(w =>
            {
                w.Queue("q", concurrency: 4);
                w.LeaseDuration = TimeSpan.FromSeconds(2);
                w.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
                w.RecoverInterval = TimeSpan.FromMilliseconds(500);
                worker?.Invoke(w);
            });
        }
        configure?.Invoke(typedTasks);
        var host = builder.Build();
        await host.StartAsync();
        return new TestHost(host);
    }

    /// <summary>
    /// Waits until no job waits, runs or is due for a retry in <paramref name="queue"/>: then every job that will run
    /// there has run, and a count of what ran is final (a duplicate would have run or still be counted).
    /// </summary>
    public Task<QueueStats> WaitUntilQueueIsEmptyAsync(string queue = "q", TimeSpan? timeout = null) =>
        Recorder.WaitForAsync(() => Broker.GetQueueStatsAsync(queue).AsTask(), stats => stats is { Pending: 0, Active: 0, Scheduled: 0, Retry: 0 },
            timeout, $"queue {queue} to be empty");

    public Task<JobInfo> WaitForStateAsync(JobId id, JobState state, TimeSpan? timeout = null) =>
        Recorder.WaitForAsync(async () => (await Broker.GetJobAsync(id))!, job => job is not null && job.State == state,
            timeout, $"job {id} to be {state}");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync();
        }
        finally
        {
            Host.Dispose();
        }
    }
}
