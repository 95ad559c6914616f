using TypedTasks.Brokers;

namespace TypedTasks.Hosting;

internal sealed partial class TaskWorker
{
    private readonly IBrokerAdmin? _admin;
    private readonly DateTimeOffset _startedAt;

    /// <summary>
    /// How long the broker lists this worker after a heartbeat: three missed heartbeats, and at least
    /// <see cref="WorkerHeartbeats.MinimumStaleAge"/> times three, so a loaded machine does not flicker on the dashboard.
    /// </summary>
    private TimeSpan StatusTtl => TimeSpan.FromTicks(Math.Max(_options.HeartbeatInterval.Ticks, WorkerHeartbeats.MinimumStaleAge.Ticks) * 3);

    /// <summary>
    /// Publishes this worker's heartbeat (its queues and the jobs it runs) to a broker with <see cref="IBrokerAdmin"/>,
    /// for dashboards. A failure is logged by the caller's next broker call, never fatal: the status is for people.
    /// </summary>
    private async Task PublishStatusAsync(CancellationToken cancellationToken)
    {
        if (_admin is null)
            return;
        var now = _time.GetUtcNow();
        var running = new List<RunningJobStatus>();
        foreach (var job in _held.Values)
        {
            if (job.StartedAt is { } started)
                running.Add(new RunningJobStatus(job.Job.Id, job.Job.Queue, TaskNameOf(job.Job), started));
        }
        var status = new WorkerStatus
        {
            Id = WorkerId,
            Host = Environment.MachineName,
            ProcessId = Environment.ProcessId,
            Queues = _options.Queues.Select(q => new WorkerQueue(q.Name, q.Concurrency)).ToList(),
            StartedAt = _startedAt,
            BeatAt = now,
            Running = running,
        };
        try
        {
            await _admin.RecordWorkerAsync(status, StatusTtl, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            WorkerLog.BrokerUnavailable(_logger, e, WorkerId, "publish status", _options.HeartbeatInterval);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Takes this stopped worker off the broker's list at once instead of when its heartbeat lapses.</summary>
    private async Task RemoveStatusAsync()
    {
        if (_admin is null)
            return;
        try
        {
            await _admin.RemoveWorkerAsync(WorkerId, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            WorkerLog.BrokerUnavailable(_logger, e, WorkerId, "remove status", TimeSpan.Zero);
        }
    }

    private static string TaskNameOf(LeasedJob job)
    {
        try
        {
            return JobEnvelopeCodec.Decode(job.Envelope).Name;
        }
        catch (Exception e) when (e is MessagePack.MessagePackSerializationException or ArgumentException)
        {
            return "?";
        }
    }
}
