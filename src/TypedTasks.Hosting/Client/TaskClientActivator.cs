using Microsoft.Extensions.Hosting;

namespace TypedTasks.Hosting;

/// <summary>Makes the host's client <see cref="TaskClient.Default"/> when the host starts, so <c>PerformAsync()</c> works.</summary>
internal sealed class TaskClientActivator(ITaskClient client) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        TaskClient.Default = client;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
