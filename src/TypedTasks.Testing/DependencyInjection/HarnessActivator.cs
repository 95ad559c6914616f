using Microsoft.Extensions.Hosting;
using TypedTasks.Hosting;

namespace TypedTasks.Testing;

/// <summary>
/// Started after the host's own TypedTasks services: makes the test kit's router <see cref="TaskClient.Default"/>
/// (TypedTasks' activator set the host's client), and checks that no worker escaped the kit.
/// </summary>
internal sealed class HarnessActivator(TaskTestHarness harness, IEnumerable<WorkerRegistration> workers, WorkersTakenOut takenOut) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        int registered = workers.Count();
        if (registered != takenOut.Count)
            throw new InvalidOperationException(
                $"{registered - takenOut.Count} TypedTasks worker(s) were added after AddTypedTasksTesting and would run jobs behind the test's back. " +
                "Call AddTypedTasksTesting after AddTypedTasks(...).AddWorker(...) (in WebApplicationFactory, from ConfigureTestServices).");
        DefaultClientRouter.Instance.Add(harness);
        TaskClient.Default = DefaultClientRouter.Instance;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>How many workers <c>AddTypedTasksTesting</c> took out of the host.</summary>
internal sealed record WorkersTakenOut(int Count);
