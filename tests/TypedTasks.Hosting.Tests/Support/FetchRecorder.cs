using TypedTasks.Brokers;
using TypedTasks.TestSupport.Brokers;

namespace TypedTasks.Hosting.Tests;

/// <summary>A broker that records, for each fetch, the queues the worker asked for (in its order) and the queues of the jobs it got.</summary>
public sealed class FetchRecorder(IBroker inner) : DelegatingBroker(inner), IAsyncDisposable
{
    private readonly List<(string[] Asked, string[] Got)> _fetches = [];

    public IReadOnlyList<(string[] Asked, string[] Got)> Fetches
    {
        get
        {
            lock (_fetches)
                return _fetches.ToArray();
        }
    }

    private FetchResult Record(FetchRequest request, FetchResult result)
    {
        lock (_fetches)
            _fetches.Add((request.Queues.ToArray(), result.Jobs.Select(j => j.Queue).ToArray()));
        return result;
    }

    public override async ValueTask<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default) =>
        Record(request, await Inner.FetchAsync(request, cancellationToken));

    public override async ValueTask<AckAndFetchResult> AckAndFetchAsync(IReadOnlyList<JobAck> acks, FetchRequest? next, CancellationToken cancellationToken = default)
    {
        var result = await Inner.AckAndFetchAsync(acks, next, cancellationToken);
        if (next is not null)
            Record(next, result.Next);
        return result;
    }

    public ValueTask DisposeAsync() => Inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : default;
}
