namespace TypedTasks.Hosting;

internal sealed partial class TaskWorker
{
    /// <summary>Sends acks the fetch loop has not taken along with a fetch (when it is idle or waiting for work).</summary>
    private async Task AckLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _acks.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            await Task.Yield();
            await FlushAcksAsync(cancellationToken).ConfigureAwait(false);
        }
        await FlushAcksAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async Task FlushAcksAsync(CancellationToken cancellationToken)
    {
        for (int failures = 0; _acks.Count > 0;)
        {
            var batch = _acks.Drain();
            try
            {
                var reply = await _broker.AckAndFetchAsync(batch, next: null, CancellationToken.None).ConfigureAwait(false);
                foreach (var refused in reply.Refused)
                    WorkerLog.AckRefused(_logger, refused);
            }
            catch (Exception e)
            {
                _acks.Return(batch);
                if (++failures >= 5 && cancellationToken.IsCancellationRequested)
                {
                    // Stopping and the broker is gone: these jobs ran, but their lease will expire and they run again.
                    foreach (var ack in _acks.Drain())
                        WorkerLog.OutcomeNotRecorded(_logger, e, ack.Lease.Id);
                    return;
                }
                try
                {
                    await PauseAfterFailureAsync(e, "ack", failures, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Keep trying a few more times before giving up.
                }
            }
        }
    }

    /// <summary>Renews the leases of held jobs, stops jobs whose lease was lost or whose cancellation was asked, and recovers expired leases.</summary>
    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        var nextRecover = _time.GetUtcNow();
        await PublishStatusAsync(cancellationToken).ConfigureAwait(false);
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = _time.GetUtcNow();
            if (now >= nextRecover)
            {
                await RecoverAsync(cancellationToken).ConfigureAwait(false);
                nextRecover = now + _options.RecoverInterval;
            }
            try
            {
                var tick = _options.HeartbeatInterval < _options.RecoverInterval ? _options.HeartbeatInterval : _options.RecoverInterval;
                await Task.Delay(tick, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            await BeatAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            var held = _held.Values.ToArray();
            if (held.Length == 0)
            {
                await _broker.PingAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var renewal = await _broker.ExtendLeasesAsync(held.Select(j => j.Lease).ToArray(), _options.LeaseDuration, cancellationToken).ConfigureAwait(false);
                foreach (var id in renewal.Lost)
                {
                    if (_held.TryGetValue(id, out var job))
                        job.Stop(StopReason.LeaseLost);
                }
                foreach (var id in renewal.CancelRequested)
                {
                    if (_held.TryGetValue(id, out var job))
                        job.Stop(StopReason.Cancelled);
                }
            }
            _heartbeats.Beat(WorkerId, _time.GetUtcNow());
            await PublishStatusAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            WorkerLog.BrokerUnavailable(_logger, e, WorkerId, "heartbeat", _options.HeartbeatInterval);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        try
        {
            int recovered = await _broker.RecoverExpiredAsync(_queueNames, cancellationToken).ConfigureAwait(false);
            if (recovered > 0)
                WorkerLog.Recovered(_logger, recovered, string.Join(", ", _queueNames));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            WorkerLog.BrokerUnavailable(_logger, e, WorkerId, "recover", _options.RecoverInterval);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
