using System.Buffers.Binary;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using TypedTasks;

namespace TypedTasks.Nats.ReliabilityWorker;

/// <summary>Where jobs record that they ran: a KV bucket <c>&lt;prefix&gt;_runs</c> of job number → runs, counted by compare-and-set.</summary>
public sealed class RunLog(INatsConnection connection, string prefix, int replicas)
{
    private static readonly NatsRawSerializer<byte[]> s_raw = NatsRawSerializer<byte[]>.Default;

    /// <summary>How long to wait before asking a cluster that did not answer the bucket's creation again.</summary>
    private static readonly TimeSpan s_createRetryPause = TimeSpan.FromMilliseconds(500);

    private INatsKVStore? _store;

    /// <summary>The bucket's name.</summary>
    public static string Bucket(string prefix) => prefix + "_runs";

    public async Task CreateAsync()
    {
        var kv = new NatsKVContext(new NatsJSContext(connection));
        // A cluster busy placing several replicated streams at once may not answer within the API timeout: try again
        // (the no-answer error says nothing of when the cluster will be free, so a pause rather than a condition).
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                _store = await kv.CreateOrUpdateStoreAsync(new NatsKVConfig(Bucket(prefix)) { History = 1, Storage = NatsKVStorageType.File, NumberOfReplicas = replicas });
                return;
            }
            catch (NatsJSApiNoResponseException) when (attempt < 10)
            {
                await Task.Delay(s_createRetryPause);
            }
        }
    }

    public async Task RecordAsync(int number, CancellationToken cancellationToken)
    {
        var store = _store ?? throw new InvalidOperationException("CreateAsync first.");
        string key = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        while (true)
        {
            var current = await store.TryGetEntryAsync(key, 0, s_raw, cancellationToken);
            var result = current.Success && current.Value.Value is { } bytes
                ? await store.TryUpdateAsync(key, Count(BinaryPrimitives.ReadInt32BigEndian(bytes) + 1), current.Value.Revision, s_raw, cancellationToken)
                : await store.TryCreateAsync(key, Count(1), s_raw, cancellationToken);
            if (result.Success)
                return;
            if (result.Error is not (NatsKVWrongLastRevisionException or NatsKVCreateException))
                throw result.Error;
        }
    }

    private static byte[] Count(int runs)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, runs);
        return bytes;
    }
}

/// <summary>Records its number, after a short pause so that kills catch jobs in flight.</summary>
[Backtask(Name = "nats.reliability.record")]
public partial record Record(int Number, int PauseMilliseconds) : IBacktask
{
    /// <summary>Retries within a second: a job whose record failed on a cut connection should not wait for Sidekiq's curve.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(250 * Math.Min(attempt, 4));

    public async Task RunAsync(RunLog log, CancellationToken cancellationToken)
    {
        if (PauseMilliseconds > 0)
            await Task.Delay(PauseMilliseconds, cancellationToken);
        await log.RecordAsync(number: Number, cancellationToken);
    }
}
