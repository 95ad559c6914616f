using TypedTasks.Brokers;
using MessagePack;
using Xunit;

namespace TypedTasks.Tests.Brokers;

/// <summary>The client over a broker: what it stores for a task, when, and how unique tasks collapse.</summary>
public sealed class BrokerTaskClientTests
{
    private static readonly DateTimeOffset s_now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _time = new(s_now);
    private readonly InMemoryBroker _broker;
    private readonly BrokerTaskClient _client;

    public BrokerTaskClientTests()
    {
        _broker = new InMemoryBroker(_time);
        _client = new BrokerTaskClient(_broker, _time);
    }

    [Fact]
    public async Task A_task_is_stored_as_an_envelope_on_its_default_queue()
    {
        var id = await _client.EnqueueAsync(new Greet("Ada"));

        var job = Assert.Single((await _broker.FetchAsync(new FetchRequest { Queues = ["greetings"], Count = 10 })).Jobs);
        var envelope = JobEnvelopeCodec.Decode(job.Envelope);
        Assert.Equal(id, job.Id);
        Assert.Equal(id, envelope.Id);
        Assert.Equal("test.greet", envelope.Name);
        Assert.Equal("greetings", envelope.Queue);
        Assert.Equal(s_now, envelope.EnqueuedAt);
        Assert.Equal(3, envelope.MaxRetries);
        Assert.Null(envelope.UniqueKey);
        Assert.Equal(new Greet("Ada"), TaskDescriptor.Decode<Greet>(envelope.Args));
    }

    [Fact]
    public async Task Job_options_override_the_task_options()
    {
        var id = new JobId("custom-id");

        await _client.EnqueueAsync(new Greet("Bob"), queue: "other", options: new JobOptions
        {
            JobId = id,
            MaxRetries = 7,
            Timeout = TimeSpan.FromSeconds(30),
            KeepResultFor = TimeSpan.FromHours(1),
        });

        var info = await _broker.GetJobAsync(id);
        var envelope = JobEnvelopeCodec.Decode(info!.Envelope);
        Assert.Equal(("other", "test.greet"), (info.Queue, info.TaskName));
        Assert.Equal((7, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1)), (envelope.MaxRetries, envelope.Timeout, envelope.KeepResultFor));
    }

    [Fact]
    public async Task A_job_for_later_is_scheduled_and_one_for_the_past_is_pending()
    {
        var later = await _client.EnqueueAsync(new Greet("later"), runAt: s_now.AddMinutes(10));
        var past = await _client.EnqueueAsync(new Greet("past"), runAt: s_now.AddMinutes(-10));

        var scheduled = await _broker.GetJobAsync(later);
        Assert.Equal((JobState.Scheduled, s_now.AddMinutes(10)), (scheduled!.State, scheduled.DueAt));
        Assert.Equal(JobState.Pending, (await _broker.GetJobAsync(past))!.State);
    }

    [Fact]
    public async Task A_unique_task_with_an_equal_payload_returns_the_queued_job()
    {
        var first = await _client.EnqueueAsync(new UniqueReport(42));
        var duplicate = await _client.EnqueueAsync(new UniqueReport(42));
        var other = await _client.EnqueueAsync(new UniqueReport(43));
        var keyed = await _client.EnqueueAsync(new Greet("x"), options: new JobOptions { UniqueKey = "only-one" });
        var keyedAgain = await _client.EnqueueAsync(new Greet("y"), options: new JobOptions { UniqueKey = "only-one" });

        Assert.Equal(first, duplicate);
        Assert.NotEqual(first, other);
        Assert.Equal(keyed, keyedAgain);
        Assert.Equal(2, (await _broker.GetQueueStatsAsync("reports")).Pending);
    }

    [Fact]
    public async Task An_invalid_queue_is_rejected_before_anything_is_stored()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _client.EnqueueAsync(new Greet("z"), queue: "bad{queue}").AsTask());

        Assert.Contains("bad{queue}", error.Message);
        Assert.Empty(await _broker.GetQueuesAsync());
    }

    [Fact]
    public async Task A_payload_above_the_limit_is_refused_with_its_size_and_the_limit_and_nothing_is_stored()
    {
        var client = new BrokerTaskClient(_broker, _time, maxPayloadBytes: 1000);
        await client.EnqueueAsync(new Greet(new string('a', 990)));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.EnqueueAsync(new Greet(new string('a', 1000))).AsTask());

        Assert.Contains("test.greet: the payload is 1008 bytes, more than the 1000 bytes", error.Message);
        Assert.Contains("MaxPayloadBytes", error.Message);
        Assert.Equal(1, (await _broker.GetQueueStatsAsync("greetings")).Pending);
        Assert.Equal(1024 * 1024, new BrokerTaskClient(_broker).MaxPayloadBytes);
    }

    [Fact]
    public async Task Many_tasks_are_stored_in_order_and_their_ids_come_back_in_the_same_order()
    {
        var ids = await _client.PerformManyAsync(new[] { new Greet("a"), new Greet("b"), new Greet("c") });

        var jobs = (await _broker.FetchAsync(new FetchRequest { Queues = ["greetings"], Count = 10 })).Jobs;
        Assert.Equal(ids, jobs.Select(j => j.Id));
        Assert.Equal(["a", "b", "c"], jobs.Select(j => TaskDescriptor.Decode<Greet>(JobEnvelopeCodec.Decode(j.Envelope).Args).Who));
        Assert.Equal(3, ids.Distinct().Count());
    }

    [Fact]
    public async Task Many_tasks_take_the_queue_the_options_and_the_due_time_given_for_all()
    {
        var ids = await _client.PerformManyAt(new List<Greet> { new("x"), new("y") }, s_now.AddMinutes(5), queue: "other",
            options: new JobOptions { MaxRetries = 9 });

        foreach (var id in ids)
        {
            var job = await _broker.GetJobAsync(id);
            Assert.Equal(("other", JobState.Scheduled, s_now.AddMinutes(5)), (job!.Queue, job.State, job.DueAt));
            Assert.Equal(9, JobEnvelopeCodec.Decode(job.Envelope).MaxRetries);
        }
    }

    [Fact]
    public async Task An_empty_batch_enqueues_nothing()
    {
        var ids = await _client.PerformManyAsync(Array.Empty<Greet>());

        Assert.Empty(ids);
        Assert.Empty(await _broker.GetQueuesAsync());
    }

    [Fact]
    public async Task A_null_task_refuses_the_whole_batch_and_says_which_one()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _client.PerformManyAsync(new[] { new Greet("a"), null!, new Greet("c") }).AsTask());

        Assert.Equal("tasks", error.ParamName);
        Assert.StartsWith("Task 1 of the 3 test.greet tasks is null; none of them was enqueued.", error.Message);
        Assert.Empty(await _broker.GetQueuesAsync());
    }

    [Fact]
    public async Task A_payload_above_the_limit_refuses_the_whole_batch_and_says_which_task_and_why()
    {
        var client = new BrokerTaskClient(_broker, _time, maxPayloadBytes: 1000);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            client.PerformManyAsync(new[] { new Greet("a"), new Greet("b"), new Greet(new string('z', 1000)) }).AsTask());

        Assert.StartsWith("Task 2 of the 3 test.greet tasks cannot be enqueued, so none of them was: test.greet: the payload is 1008 bytes", error.Message);
        Assert.Empty(await _broker.GetQueuesAsync());
    }

    [Fact]
    public async Task A_job_id_cannot_name_every_job_of_a_batch()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            _client.PerformManyAsync(new[] { new Greet("a"), new Greet("b") }, options: new JobOptions { JobId = new JobId("one") }).AsTask());

        Assert.Equal("options", error.ParamName);
        Assert.Contains("JobOptions.JobId (one) names one job", error.Message);
        Assert.Empty(await _broker.GetQueuesAsync());
    }

    [Fact]
    public async Task A_unique_task_repeated_in_a_batch_gives_the_queued_job_id()
    {
        var queued = await _client.EnqueueAsync(new UniqueReport(1));

        var ids = await _client.PerformManyAsync(new[] { new UniqueReport(1), new UniqueReport(2), new UniqueReport(2) });

        Assert.Equal(queued, ids[0]);
        Assert.Equal(ids[1], ids[2]);
        Assert.Equal(2, (await _broker.GetQueueStatsAsync("reports")).Pending);
    }

    [Fact]
    public async Task A_client_without_its_own_bulk_enqueue_checks_every_task_before_it_enqueues_one()
    {
        var client = new OneAtATimeClient(_client);

        await Assert.ThrowsAsync<ArgumentException>(() => client.PerformManyAsync(new[] { new Greet("a"), null! }).AsTask());
        Assert.Equal(0, client.Enqueued);

        var ids = await client.PerformManyAsync(new[] { new Greet("a"), new Greet("b") });
        Assert.Equal(2, client.Enqueued);
        Assert.Equal(ids, (await _broker.FetchAsync(new FetchRequest { Queues = ["greetings"], Count = 10 })).Jobs.Select(j => j.Id));
    }

    /// <summary>An <see cref="ITaskClient"/> that implements only the single enqueue, as an app's own decorator might.</summary>
    private sealed class OneAtATimeClient(ITaskClient inner) : ITaskClient
    {
        public int Enqueued { get; private set; }

        public ValueTask<JobId> EnqueueAsync<TTask>(TTask task, string? queue = null, DateTimeOffset? runAt = null, JobOptions? options = null,
            CancellationToken cancellationToken = default)
            where TTask : IGeneratedTask<TTask>
        {
            Enqueued++;
            return inner.EnqueueAsync(task, queue, runAt, options, cancellationToken);
        }

        public ValueTask<JobInfo?> GetJobAsync(JobId id, CancellationToken cancellationToken = default) => inner.GetJobAsync(id, cancellationToken);

        public ValueTask<bool> DeleteJobAsync(JobId id, CancellationToken cancellationToken = default) => inner.DeleteJobAsync(id, cancellationToken);

        public ValueTask<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default) => inner.CancelAsync(id, cancellationToken);

        public ValueTask PauseQueueAsync(string queue, CancellationToken cancellationToken = default) => inner.PauseQueueAsync(queue, cancellationToken);

        public ValueTask ResumeQueueAsync(string queue, CancellationToken cancellationToken = default) => inner.ResumeQueueAsync(queue, cancellationToken);
    }

    /// <summary>A task written the way the generator writes one: a map keyed by member name.</summary>
    private sealed record Greet(string Who) : IGeneratedTask<Greet>
    {
        public static string Name => "test.greet";

        public static TaskOptions Options { get; } = new() { Queue = "greetings", MaxRetries = 3 };

        public static void Write(ref MessagePackWriter writer, Greet task)
        {
            writer.WriteMapHeader(1);
            writer.Write("Who");
            writer.Write(task.Who);
        }

        public static Greet Read(ref MessagePackReader reader)
        {
            int count = reader.ReadMapHeader();
            string? who = null;
            for (int i = 0; i < count; i++)
            {
                if (reader.ReadString() == "Who")
                    who = reader.ReadString();
                else
                    reader.Skip();
            }
            return new Greet(who ?? throw TaskPayloadException.MissingMember(Name, "Who"));
        }

        public static ValueTask<byte[]?> RunAsync(Greet task, TaskContext context, CancellationToken cancellationToken) => default;
    }

    private sealed record UniqueReport(int Day) : IGeneratedTask<UniqueReport>
    {
        public static string Name => "test.report";

        public static TaskOptions Options { get; } = new() { Queue = "reports", Unique = true };

        public static void Write(ref MessagePackWriter writer, UniqueReport task)
        {
            writer.WriteMapHeader(1);
            writer.Write("Day");
            writer.Write(task.Day);
        }

        public static UniqueReport Read(ref MessagePackReader reader)
        {
            reader.ReadMapHeader();
            reader.ReadString();
            return new UniqueReport(reader.ReadInt32());
        }

        public static ValueTask<byte[]?> RunAsync(UniqueReport task, TaskContext context, CancellationToken cancellationToken) => default;
    }
}
