using TypedTasks.Brokers;

namespace TypedTasks.Cli.Connection;

/// <summary>An open broker with its admin side, for one command; disposing it closes the connection.</summary>
internal sealed class BrokerSession(IBroker broker, BrokerConnector connector) : IAsyncDisposable
{
    public IBroker Broker { get; } = broker;

    /// <summary>The broker's admin queries (every broker the tool connects to has them).</summary>
    public IBrokerAdmin Admin => BrokerAdmin.Of(Broker) ?? throw CliException.Usage(
        $"The {Connector.OptionName.TrimStart('-')} broker has no admin queries (IBrokerAdmin), so it cannot list jobs, retry or delete them in bulk, or list cron schedules.");

    public BrokerConnector Connector { get; } = connector;

    /// <summary>The queues to act on: <paramref name="queue"/> alone when given, else every queue the broker knows.</summary>
    public async Task<IReadOnlyList<string>> QueuesAsync(string? queue, CancellationToken cancellationToken)
    {
        if (queue is not null)
            return [QueueName.Validate(queue)];
        var queues = await Broker.GetQueuesAsync(cancellationToken);
        return queues.Order(StringComparer.Ordinal).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (Broker is IAsyncDisposable disposable)
            await disposable.DisposeAsync();
        else if (Broker is IDisposable plain)
            plain.Dispose();
    }
}
