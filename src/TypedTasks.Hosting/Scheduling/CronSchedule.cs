using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using MessagePack;

namespace TypedTasks.Hosting;

/// <summary>
/// A task enqueued on a cron schedule. Every worker that has the schedule enqueues each fire time under the same job
/// id — derived from the task, its payload, the expression, the zone and the fire time — and the broker keeps only
/// the first, so the job runs once per fire time however many workers there are (no leader to elect).
/// </summary>
internal sealed class CronSchedule
{
    /// <summary>How long a fired job is kept, so late workers still see it and do not enqueue it again.</summary>
    public static readonly TimeSpan DeduplicationWindow = TimeSpan.FromHours(1);

    private readonly Func<ITaskClient, JobId, DateTimeOffset, CancellationToken, ValueTask<JobId>> _enqueue;
    private readonly string _identity;

    private CronSchedule(string taskName, CronTimes cron, TimeZoneInfo zone, MissedFirePolicy missed, string identity, string? queue,
        Func<ITaskClient, JobId, DateTimeOffset, CancellationToken, ValueTask<JobId>> enqueue)
    {
        TaskName = taskName;
        Queue = queue;
        Cron = cron;
        Zone = zone;
        Missed = missed;
        _identity = identity;
        _enqueue = enqueue;
    }

    public string TaskName { get; }

    /// <summary>The queue its jobs go to; <see langword="null"/> for the task's default queue.</summary>
    public string? Queue { get; }

    /// <summary>The schedule's identity, the same on every host: its records in the broker are kept under it.</summary>
    public string Identity => _identity;

    public CronTimes Cron { get; }

    public TimeZoneInfo Zone { get; }

    public MissedFirePolicy Missed { get; }

    public static CronSchedule Create<TTask>(TTask task, CronTimes cron, TimeZoneInfo zone, MissedFirePolicy missed, string? queue)
        where TTask : IGeneratedTask<TTask>
    {
        var payload = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(payload);
        TTask.Write(ref writer, task);
        writer.Flush();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{TTask.Name}\n{cron.Text}\n{zone.Id}\n{queue}\n"));
        hash.AppendData(payload.WrittenSpan);
        string identity = Convert.ToHexString(hash.GetHashAndReset(), 0, 12).ToLowerInvariant();
        var keep = TTask.Options.KeepResultFor is { } k && k > DeduplicationWindow ? k : DeduplicationWindow;
        return new CronSchedule(TTask.Name, cron, zone, missed, identity, queue, (client, id, fireTime, cancellationToken) =>
            client.EnqueueAsync(task, queue, runAt: fireTime, new JobOptions { JobId = id, KeepResultFor = keep }, cancellationToken));
    }

    /// <summary>The job id of the fire at <paramref name="fireTime"/>: the same in every worker.</summary>
    public JobId JobIdFor(DateTimeOffset fireTime) => new($"cron:{_identity}:{fireTime.ToUnixTimeSeconds()}");

    /// <summary>
    /// Enqueues the fire at <paramref name="fireTime"/>, due at that time: the scheduler's timer may wake a little
    /// early, and a job enqueued for "now" then started before its fire time.
    /// </summary>
    public ValueTask<JobId> EnqueueAsync(ITaskClient client, DateTimeOffset fireTime, CancellationToken cancellationToken) =>
        _enqueue(client, JobIdFor(fireTime), fireTime, cancellationToken);

    /// <summary>The latest fire time in the 24 hours before <paramref name="now"/>, for <see cref="MissedFirePolicy.RunOnce"/>.</summary>
    public DateTimeOffset? LastFireBefore(DateTimeOffset now)
    {
        DateTimeOffset? last = null;
        foreach (var fire in Cron.GetOccurrences(now - TimeSpan.FromHours(24), now, Zone))
            last = fire;
        return last;
    }
}
