using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TypedTasks.Hosting;

namespace TypedTasks.Testing.Tests;

/// <summary>An application using TypedTasks the usual way (a worker, middleware), put under the test kit and started.</summary>
public sealed class TestApp : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2031, 3, 4, 7, 58, 0, TimeSpan.Zero);

    private TestApp(IHost host) => Host = host;

    public IHost Host { get; }

    public TaskTestHarness Testing => Host.Services.GetRequiredService<TaskTestHarness>();

    public ITaskClient Client => Host.Services.GetRequiredService<ITaskClient>();

    public Outbox Outbox => Host.Services.GetRequiredService<Outbox>();

    public static async Task<TestApp> StartAsync(TestMode mode = TestMode.Fake, Action<TypedTasksBuilder>? app = null,
        Action<WorkerOptions>? worker = null, Action<TaskTestingOptions>? testing = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<Outbox>();
        var typedTasks = builder.Services.AddTypedTasks(o => o.UseInMemory())
            .AddWorker(w =>
            {
                w.Queue("default").Queue("mail");
                worker?.Invoke(w);
            });
        app?.Invoke(typedTasks);
        builder.Services.AddTypedTasksTesting(mode, o =>
        {
            o.Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start);
            testing?.Invoke(o);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new TestApp(host);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
