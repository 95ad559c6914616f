using Xunit;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TypedTasks.Brokers;

namespace TypedTasks.Hosting.Tests;

/// <summary>The worker's behaviour in a real Generic Host, run once per broker.</summary>
public abstract class WorkerHostTests
{
    protected abstract void UseBroker(TypedTasksOptions options);

    /// <summary>A broker on the same store as <see cref="UseBroker"/>'s, for playing a worker of another process.</summary>
    protected abstract IBroker NewBroker();

    private Task<TestHost> StartAsync(Action<TypedTasksBuilder>? configure = null, Action<WorkerOptions>? worker = null,
        TimeSpan? shutdownTimeout = null) =>
        TestHost.StartAsync(UseBroker, configure, worker, shutdownTimeout);

    [Fact]
    public async Task Jobs_run_with_injected_services()
    {
        await using var host = await StartAsync();

        var ids = new List<JobId>();
        foreach (var who in new[] { "Ada", "Grace", "Linus" })
            ids.Add(await host.Client.EnqueueAsync(new Greet(who)));

        await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("hello") == 3, what: "three greetings");
        Assert.Equal(["hello Ada attempt 1 queue q", "hello Grace attempt 1 queue q", "hello Linus attempt 1 queue q"],
            host.Recorder.Events.Order().ToArray());
        foreach (var id in ids)
            await Recorder.WaitForAsync(() => host.Broker.GetJobAsync(id).AsTask(), job => job is null || job.State == JobState.Succeeded,
                what: $"job {id} to be done");
    }

    /// <summary>An Overlap("suspect") job that another worker leased before it died: its lease runs out and it comes back with one stall.</summary>
    private async Task<(IBroker Broker, BrokerTaskClient Client)> StrandSuspectAsync()
    {
        var broker = NewBroker();
        var client = new BrokerTaskClient(broker);
        await client.EnqueueAsync(new Overlap("suspect"));
        var died = await broker.FetchAsync(new FetchRequest { Queues = ["q"], Count = 1, Lease = TimeSpan.FromMilliseconds(50), WorkerId = "died" });
        Assert.Single(died.Jobs);
        return (broker, client);
    }

    [Fact]
    public async Task A_worker_fetches_for_half_its_slots_at_once_while_its_runners_have_jobs_waiting()
    {
        // One runner and 3 prefetched: 4 slots. After the first job ends, the runner takes a waiting job and 2 still
        // wait, so the worker does not fetch for the single free slot (it did, one job per call); it fetches once 2
        // slots are free, or as soon as the runner has nothing waiting.
        var broker = NewBroker();
        var client = new BrokerTaskClient(broker);
        for (int i = 0; i < 6; i++)
            await client.EnqueueAsync(new Slow(800));

        await using var host = await TestHost.StartAsync(o => o.UseBroker(_ => broker), worker: w =>
        {
            w.Queue("q", concurrency: 1);
            w.Prefetch = 3;
        });
        await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("slow finished") == 1, TimeSpan.FromSeconds(10), "the first job to end");
        await Task.Delay(200);
        Assert.Equal(2, (await broker.GetQueueStatsAsync("q")).Pending);

        await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("slow finished") == 2, TimeSpan.FromSeconds(10), "the second job to end");
        await Recorder.WaitForAsync(() => broker.GetQueueStatsAsync("q").AsTask(), stats => stats.Pending == 0, TimeSpan.FromSeconds(2),
            "the last two jobs to be fetched together");
        await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("slow finished") == 6, TimeSpan.FromSeconds(20), "all six jobs to end");
    }

    /// <summary>The most jobs the worker held leased at once while it ran <paramref name="jobs"/> Slow jobs of <paramref name="milliseconds"/>.</summary>
    private async Task<long> MostHeldAsync(int jobs, int milliseconds)
    {
        var broker = NewBroker();
        var client = new BrokerTaskClient(broker);
        var requests = Enumerable.Range(0, jobs).Select(_ => client.CreateRequest(new Slow(milliseconds))).ToList();
        await broker.EnqueueManyAsync(requests);

        await using var host = await TestHost.StartAsync(o => o.UseBroker(_ => broker), worker: w => w.Queue("q", concurrency: 2));
        long most = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (host.Recorder.CountOf("slow finished") < jobs)
        {
            var stats = await broker.GetQueueStatsAsync("q");
            Assert.True(DateTime.UtcNow < deadline, $"only {host.Recorder.CountOf("slow finished")} of {jobs} jobs ended in 30 s; queue: {stats}");
            most = Math.Max(most, stats.Active);
            await Task.Delay(2);
        }
        return most;
    }

    [Fact]
    public async Task Short_jobs_are_prefetched_deeper_than_the_concurrency_and_long_ones_are_not()
    {
        // Concurrency 2, no Prefetch set. Jobs of about a millisecond (a 1 ms delay): 2 runners start 20 or more of
        // them in 10 ms, so the worker prefetches more than its concurrency, up to 16 times it for a queue of few
        // runners (AdaptivePrefetch.Deepest: 32 waiting beside the 2 running). Jobs of 60 ms: it prefetches its
        // concurrency only, and never holds more than 2 running + 2 waiting.
        long shortHeld = await MostHeldAsync(600, 1);
        long longHeld = await MostHeldAsync(30, 60);
        Assert.InRange(shortHeld, 5, 2 + AdaptivePrefetch.Deepest(2));
        Assert.InRange(longHeld, 1, 4);
    }

    [Fact]
    public async Task A_queue_runs_as_many_jobs_at_once_as_its_concurrency_and_no_more()
    {
        // Runners wake one after another for a batch of jobs (not all at once): jobs that wait on I/O must still fill
        // every runner, and prefetched jobs must wait for a free one.
        var broker = NewBroker();
        var client = new BrokerTaskClient(broker);
        for (int i = 0; i < 12; i++)
            await client.EnqueueAsync(new Overlap($"job{i}"));

        await using var host = await TestHost.StartAsync(o => o.UseBroker(_ => broker), worker: w =>
        {
            w.Queue("q", concurrency: 4);
            w.Prefetch = 4;
        });
        await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("overlap") == 12, TimeSpan.FromSeconds(20), "12 jobs to run");

        var beside = host.Recorder.Events.Where(e => e.StartsWith("overlap", StringComparison.Ordinal))
            .Select(e => int.Parse(e.Split(' ')[3])).ToArray();
        Assert.Equal(3, beside.Max());
    }

    [Fact]
    public async Task A_job_whose_worker_died_runs_alone_and_the_others_still_run_side_by_side()
    {
        var (broker, client) = await StrandSuspectAsync();
        for (int i = 0; i < 16; i++)
            await client.EnqueueAsync(new Overlap($"other{i}"));

        await using var host = await TestHost.StartAsync(o => o.UseBroker(_ => broker), worker: w => w.Prefetch = 4);
        await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("overlap") == 17, TimeSpan.FromSeconds(20), "17 jobs to run");

        var beside = host.Recorder.Events.Where(e => e.StartsWith("overlap", StringComparison.Ordinal))
            .ToDictionary(e => e.Split(' ')[1], e => int.Parse(e.Split(' ')[3]));
        Assert.Equal(0, beside["suspect"]);
        Assert.Contains(beside, b => b.Key != "suspect" && b.Value > 0);
    }

    [Fact]
    public async Task A_suspect_waiting_for_a_long_job_to_finish_keeps_its_lease()
    {
        var (broker, client) = await StrandSuspectAsync();
        await client.EnqueueAsync(new Overlap("long"));

        // The long job (3 s) outlives the 2 s lease the suspect gets when it is fetched to run alone after it.
        await using var host = await TestHost.StartAsync(o => o.UseBroker(_ => broker));
        await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("overlap suspect") == 1, TimeSpan.FromSeconds(20), "the suspect to run");

        Assert.Equal(1, host.Recorder.CountOf("overlap long"));
        Assert.Equal(0, (await broker.GetQueueStatsAsync("q")).Dead);
    }

    [Fact]
    public async Task A_full_queue_is_fetched_again_as_soon_as_a_slot_frees_while_the_other_queues_are_idle()
    {
        // "q" runs one job at a time and "idle" has nothing: after each fetch the worker waits for work on "idle"
        // only, and must still come back for "q" when its job ends rather than after IdleWait.
        await using var host = await StartAsync(worker: w =>
        {
            w.Queue("idle", concurrency: 1);
            w.Queue("q", concurrency: 1);
            w.Prefetch = 0;
            w.IdleWait = TimeSpan.FromSeconds(30);
        });
        var stopwatch = Stopwatch.StartNew();
        for (int i = 0; i < 4; i++)
            await host.Client.EnqueueAsync(new Overlap($"serial{i}"));

        await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("overlap serial") == 4, TimeSpan.FromSeconds(20), "four jobs");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"four 100 ms jobs took {stopwatch.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_failing_job_is_retried_with_its_backoff_then_dead_with_the_exception_message_and_stack()
    {
        await using var host = await StartAsync();

        var id = await host.Client.EnqueueAsync(new Flaky(FailTimes: 10));

        var dead = await host.WaitForStateAsync(id, JobState.Dead);
        Assert.Equal(3, dead.Failures);
        var lines = dead.LastError!.Split('\n');
        Assert.Equal("InvalidOperationException: boom on attempt 3", lines[0]);
        Assert.Contains(lines, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal) && line.Contains(nameof(Flaky), StringComparison.Ordinal));
        var attempts = host.Recorder.Events.Where(e => e.StartsWith("flaky", StringComparison.Ordinal))
            .Select(e => new DateTime(long.Parse(e.Split(" at ")[1]), DateTimeKind.Utc)).ToArray();
        Assert.Equal(3, attempts.Length);
        // Backoff 100 ms × attempt; Redis times the retry with its own clock (TIME), so allow a few ms of skew.
        Assert.InRange((attempts[1] - attempts[0]).TotalMilliseconds, 90, 2000);
        Assert.InRange((attempts[2] - attempts[1]).TotalMilliseconds, 190, 2000);
    }

    [Fact]
    public async Task A_job_that_succeeds_on_a_retry_ends_succeeded()
    {
        await using var host = await StartAsync();

        var id = await host.Client.EnqueueAsync(new Flaky(FailTimes: 1), options: new JobOptions { KeepResultFor = TimeSpan.FromMinutes(1) });

        var done = await host.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal(1, done.Failures);
        Assert.Equal(2, host.Recorder.CountOf("flaky attempt"));
    }

    [Fact]
    public async Task A_job_over_its_timeout_is_cancelled_and_counted_as_failed()
    {
        await using var host = await StartAsync();

        var id = await host.Client.EnqueueAsync(new Slow(Milliseconds: 10_000), options: new JobOptions { Timeout = TimeSpan.FromMilliseconds(300) });

        var dead = await host.WaitForStateAsync(id, JobState.Dead);
        Assert.Equal("The job timed out after 0.3 s.", dead.LastError);
        Assert.Contains("slow cancelled", host.Recorder.Events);
        Assert.DoesNotContain("slow finished", host.Recorder.Events);
    }

    [Fact]
    public async Task On_stop_a_running_job_is_cancelled_after_the_grace_period_and_put_back_without_counting_an_attempt()
    {
        var host = await StartAsync(shutdownTimeout: TimeSpan.FromSeconds(2));
        JobId id;
        try
        {
            id = await host.Client.EnqueueAsync(new Endless("a"));
            await Recorder.WaitUntilAsync(() => host.Recorder.Events.Contains("endless a started"), what: "the job to start");
            var stopwatch = Stopwatch.StartNew();
            await host.Host.StopAsync();
            Assert.InRange(stopwatch.Elapsed.TotalSeconds, 1.2, 5);
        }
        finally
        {
            await host.Host.StopAsync();
        }

        Assert.Contains("endless a cancelled", host.Recorder.Events);
        var job = await host.Broker.GetJobAsync(id);
        Assert.NotNull(job);
        Assert.Equal(JobState.Pending, job.State);
        Assert.Equal(0, job.Failures);
        host.Host.Dispose();
    }

    [Fact]
    public async Task Prefetched_jobs_wait_leased_and_go_back_to_the_queue_on_stop()
    {
        var host = await StartAsync(worker: w => { w.Queue("q", concurrency: 1); w.Prefetch = 2; }, shutdownTimeout: TimeSpan.FromSeconds(1));
        JobId[] ids;
        try
        {
            ids = [await host.Client.EnqueueAsync(new Endless("p1")), await host.Client.EnqueueAsync(new Endless("p2")), await host.Client.EnqueueAsync(new Endless("p3"))];
            await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("endless") == 1, what: "one job to start");
            // The running job and at least one prefetched job are leased (the third is fetched once the runner has
            // nothing waiting or half the slots are free, see A_worker_fetches_for_half_its_slots_at_once...).
            await Recorder.WaitForAsync(() => host.Broker.GetQueueStatsAsync("q").AsTask(), s => s.Active >= 2, what: "a prefetched job leased");
            await Task.Delay(300);
            Assert.Equal(1, host.Recorder.Events.Count(e => e.EndsWith("started", StringComparison.Ordinal)));
        }
        finally
        {
            await host.Host.StopAsync();
        }

        foreach (var id in ids)
            Assert.Equal((JobState.Pending, 0), ((await host.Broker.GetJobAsync(id))!.State, (await host.Broker.GetJobAsync(id))!.Failures));
        host.Host.Dispose();
    }

    [Fact]
    public async Task On_stop_prefetched_jobs_go_back_at_once_while_the_running_job_has_its_grace_period()
    {
        // Grace 3 s (three quarters of the shutdown timeout). One runner, busy with a job that runs until cancelled:
        // the jobs waiting for it must not wait for it.
        var host = await StartAsync(worker: w => { w.Queue("q", concurrency: 1); w.Prefetch = 2; }, shutdownTimeout: TimeSpan.FromSeconds(4));
        JobId[] ids = [await host.Client.EnqueueAsync(new Endless("p1")), await host.Client.EnqueueAsync(new Endless("p2")), await host.Client.EnqueueAsync(new Endless("p3"))];
        await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("endless") == 1, what: "one job to start");
        // At least one job waits for the runner, leased (the third may still be in the queue: see the test above).
        await Recorder.WaitForAsync(() => host.Broker.GetQueueStatsAsync("q").AsTask(), s => s.Active >= 2, what: "a prefetched job leased");
        string running = host.Recorder.Events.Single(e => e.EndsWith("started", StringComparison.Ordinal)).Split(' ')[1];

        var stop = host.Host.StopAsync();
        var stats = await Recorder.WaitForAsync(() => host.Broker.GetQueueStatsAsync("q").AsTask(), s => s.Pending == 2, TimeSpan.FromSeconds(2.5),
            "the prefetched jobs to go back while the running job has its grace period");
        Assert.Equal(1, stats.Active);
        Assert.DoesNotContain(host.Recorder.Events, e => e.EndsWith("cancelled", StringComparison.Ordinal));

        await stop;
        Assert.Contains($"endless {running} cancelled", host.Recorder.Events);
        foreach (var id in ids)
            Assert.Equal(JobState.Pending, (await host.Broker.GetJobAsync(id))!.State);
        host.Host.Dispose();
    }

    [Fact]
    public async Task Middleware_run_in_registration_order_around_the_job_and_the_enqueue()
    {
        var log = new List<string>();
        await using var host = await StartAsync(configure: b => b
            .AddJobMiddleware(new NamedJobMiddleware("outer", log))
            .AddJobMiddleware(new NamedJobMiddleware("inner", log))
            .AddEnqueueMiddleware(new NamedEnqueueMiddleware("first", log))
            .AddEnqueueMiddleware(new NamedEnqueueMiddleware("second", log)));

        await host.Client.EnqueueAsync(new Greet("order"));
        await Recorder.WaitUntilAsync(() => { lock (log) return log.Count == 8; }, what: "all middleware");

        lock (log)
        {
            // The job may start before the enqueue call returns, so each pipeline's order is checked on its own.
            Assert.Equal(["first before", "second before", "second after", "first after"],
                log.Where(e => !e.EndsWith("test.greet", StringComparison.Ordinal)));
            Assert.Equal(["outer before test.greet", "inner before test.greet", "inner after test.greet", "outer after test.greet"],
                log.Where(e => e.EndsWith("test.greet", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Lifecycle_callbacks_fire_for_processing_success_retry_and_failure()
    {
        var observer = new RecordingObserver();
        await using var host = await StartAsync(configure: b => b.AddLifecycleObserver(observer));

        var ok = await host.Client.EnqueueAsync(new Greet("cb"));
        var bad = await host.Client.EnqueueAsync(new Flaky(FailTimes: 10));
        await host.WaitForStateAsync(bad, JobState.Dead);
        // Callbacks run after the broker has the outcome, so wait for them too.
        await Recorder.WaitUntilAsync(() => observer.Events.Contains($"succeeded {ok}"), what: "the success callback");
        await Recorder.WaitUntilAsync(() => observer.Events.Contains($"failed {bad} boom on attempt 3"), what: "the failure callback");

        Assert.Contains($"processing {ok}", observer.Events);
        Assert.Equal(3, observer.Events.Count(e => e == $"processing {bad}"));
        Assert.Equal(2, observer.Events.Count(e => e.StartsWith($"retrying {bad}", StringComparison.Ordinal)));
        Assert.Contains($"failed {bad} boom on attempt 3", observer.Events);
    }

    [Fact]
    public async Task Unknown_tasks_and_undecodable_payloads_go_to_dead_with_a_reason_and_the_worker_keeps_running()
    {
        await using var host = await StartAsync();

        var unknown = JobId.New();
        await host.Broker.EnqueueAsync(new EnqueueRequest
        {
            Id = unknown,
            Queue = "q",
            TaskName = "no.such.task",
            Envelope = JobEnvelopeCodec.Encode(new JobEnvelope
            {
                Id = unknown, Name = "no.such.task", Args = new byte[] { 0x80 }, Queue = "q", EnqueuedAt = DateTimeOffset.UtcNow,
            }),
        });
        var garbage = JobId.New();
        await host.Broker.EnqueueAsync(new EnqueueRequest { Id = garbage, Queue = "q", TaskName = "?", Envelope = new byte[] { 0xc1, 0x00, 0xff } });
        var badArgs = JobId.New();
        await host.Broker.EnqueueAsync(new EnqueueRequest
        {
            Id = badArgs,
            Queue = "q",
            TaskName = TestTasks.NameOf<Greet>(),
            Envelope = JobEnvelopeCodec.Encode(new JobEnvelope
            {
                Id = badArgs, Name = TestTasks.NameOf<Greet>(), Args = new byte[] { 0x81, 0xa3, (byte)'W', (byte)'h', (byte)'o', 0x2a }, Queue = "q", EnqueuedAt = DateTimeOffset.UtcNow,
            }),
        });
        await host.Client.EnqueueAsync(new Greet("still here"));

        Assert.Contains("no.such.task", (await host.WaitForStateAsync(unknown, JobState.Dead)).LastError);
        Assert.Contains("cannot be decoded", (await host.WaitForStateAsync(garbage, JobState.Dead)).LastError);
        Assert.Contains("test.greet: member 'Who' cannot be read", (await host.WaitForStateAsync(badArgs, JobState.Dead)).LastError);
        await Recorder.WaitUntilAsync(() => host.Recorder.Events.Contains("hello still here attempt 1 queue q"), what: "the good job");
        Assert.Equal(0, host.Recorder.CountOf("hello Who"));
    }

    [Fact]
    public async Task Enqueue_and_execution_emit_linked_spans_and_metrics()
    {
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == TypedTasksTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (activities) activities.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);
        var measurements = new List<(string Name, double Value, string? Task)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == TypedTasksTelemetry.Name)
                    l.EnableMeasurementEvents(instrument);
            },
        };
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i.Name, v, tags));
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i.Name, v, tags));
        meters.Start();
        await using var host = await StartAsync();

        var id = await host.Client.EnqueueAsync(new Greet("traced"));
        await Recorder.WaitUntilAsync(() => { lock (activities) return activities.Any(a => a.OperationName == "process test.greet" && (string?)a.GetTagItem("typedtasks.job_id") == id.Value); },
            what: "the process span");

        Activity enqueue, process;
        lock (activities)
        {
            enqueue = activities.Single(a => a.OperationName == "enqueue test.greet" && (string?)a.GetTagItem("typedtasks.job_id") == id.Value);
            process = activities.Single(a => a.OperationName == "process test.greet" && (string?)a.GetTagItem("typedtasks.job_id") == id.Value);
        }
        Assert.Equal(ActivityKind.Producer, enqueue.Kind);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal(enqueue.TraceId, process.TraceId);
        Assert.Equal(enqueue.SpanId, process.ParentSpanId);
        await Recorder.WaitUntilAsync(() => { lock (measurements) return measurements.Any(m => m.Name == "typedtasks.jobs.succeeded" && m.Task == TestTasks.NameOf<Greet>()); },
            what: "the succeeded counter");
        lock (measurements)
        {
            Assert.Contains(measurements, m => m.Name == "typedtasks.jobs.enqueued" && m.Task == TestTasks.NameOf<Greet>());
            Assert.Contains(measurements, m => m.Name == "typedtasks.jobs.started" && m.Task == TestTasks.NameOf<Greet>());
            Assert.Contains(measurements, m => m.Name == "typedtasks.job.duration" && m.Task == TestTasks.NameOf<Greet>() && m.Value >= 0);
            Assert.Contains(measurements, m => m.Name == "typedtasks.job.queue_latency" && m.Task == TestTasks.NameOf<Greet>());
        }

        void Record(string name, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? task = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "typedtasks.task")
                    task = tag.Value as string;
            }
            lock (measurements)
                measurements.Add((name, value, task));
        }
    }

    [Fact]
    public async Task Results_are_kept_when_the_task_asks()
    {
        await using var host = await StartAsync();

        var id = await host.Client.EnqueueAsync(new Square(12));

        await host.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal((true, 144), await host.Client.GetResultAsync<Square, int>(id));
    }

    [Fact]
    public async Task The_host_makes_its_client_the_default_and_the_health_check_reports_healthy()
    {
        await using var host = await StartAsync(configure: b => b.Services.AddHealthChecks().AddTypedTasks());

        Assert.Same(host.Client, TaskClient.Default);
        await Task.Delay(300);
        var report = await host.Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, report.Status);
    }

    [Fact]
    public async Task An_idle_worker_starts_a_new_job_within_milliseconds()
    {
        await using var host = await StartAsync();
        await Task.Delay(300);

        for (int i = 0; i < 20; i++)
        {
            await host.Client.EnqueueAsync(new Ping(Stopwatch.GetTimestamp()));
            int expected = i + 1;
            await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("ping") == expected, what: $"ping {expected}");
            await Task.Delay(20);
        }

        var latencies = host.Recorder.Events.Where(e => e.StartsWith("ping ", StringComparison.Ordinal))
            .Select(e => double.Parse(e[5..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();
        double median = latencies[latencies.Length / 2];
        // Wake-ups, not polling: the idle wait is 2 s, so a polled worker would take hundreds of milliseconds.
        Assert.True(median < 50, $"median enqueue-to-start latency {median:0.00} ms; all: {string.Join(", ", latencies.Select(l => l.ToString("0.0")))}");
    }

    [Fact]
    public async Task A_scheduled_job_starts_within_milliseconds_of_its_due_time()
    {
        await using var host = await StartAsync();
        await Task.Delay(300);

        for (int i = 0; i < 20; i++)
        {
            var delay = TimeSpan.FromMilliseconds(200 + 10 * i);
            // Ping records how long after its stamp it started; stamped with its due time, that is its lateness.
            long dueStamp = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
            await host.Client.EnqueueAsync(new Ping(dueStamp), runAt: DateTimeOffset.UtcNow + delay);
        }
        await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("ping") == 20, what: "20 scheduled pings");

        var lateness = host.Recorder.Events.Where(e => e.StartsWith("ping ", StringComparison.Ordinal))
            .Select(e => double.Parse(e[5..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();
        double median = lateness[lateness.Length / 2];
        // Due times are kept by the worker's own timer: Redis times blocking waits out only on its 100 ms cron tick.
        Assert.True(median < 50, $"median lateness {median:0.00} ms; all: {string.Join(", ", lateness.Select(l => l.ToString("0.0")))}");
    }

    /// <summary>
    /// Runs Mark jobs queued before the worker starts (<paramref name="inFirst"/> in "q", <paramref name="inLow"/> in
    /// "low"), one runner per queue and no prefetch (many small fetches), and returns every fetch the worker made.
    /// </summary>
    private async Task<IReadOnlyList<(string[] Asked, string[] Got)>> FetchesOverTwoQueuesAsync(int inFirst, int inLow, Action<WorkerOptions> order)
    {
        var broker = new FetchRecorder(NewBroker());
        var client = new BrokerTaskClient(broker);
        await broker.EnqueueManyAsync(Enumerable.Range(0, inFirst).Select(i => client.CreateRequest(new Mark(i)))
            .Concat(Enumerable.Range(0, inLow).Select(i => client.CreateRequest(new Mark(i), queue: "low"))).ToList());

        await using var host = await TestHost.StartAsync(o => o.UseBroker(_ => broker), worker: w =>
        {
            w.Queue("q", concurrency: 1);
            w.Queue("low", concurrency: 1);
            w.Prefetch = 0;
            order(w);
        });
        await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("mark") == inFirst + inLow, TimeSpan.FromSeconds(30), "every job to run");
        return broker.Fetches;
    }

    [Fact]
    public async Task In_strict_order_a_fetch_takes_from_the_first_queue_until_it_is_empty()
    {
        var fetches = await FetchesOverTwoQueuesAsync(40, 200, w => w.StrictOrder = true);

        Assert.All(fetches.Where(f => f.Asked.Length == 2), f => Assert.Equal(["q", "low"], f.Asked));
        // Once a fetch finds "q" empty, its runner is idle for good and wants jobs at every fetch: each later fetch asks
        // "q" first, and those for "low" ask both queues. (How many jobs "low" has left by then depends on the runners'
        // pace: on a loaded machine it ran all but a few while "q" ran its 40.)
        var list = fetches.ToList();
        int emptied = list.FindIndex(f => f.Asked.Contains("q") && !f.Got.Contains("q"));
        Assert.True(emptied >= 0, "no fetch found \"q\" empty");
        var later = list.Skip(emptied + 1).ToList();
        Assert.All(later, f => Assert.Equal("q", f.Asked[0]));
        Assert.Contains(later, f => f.Asked.Length == 2 && f.Got.Contains("low"));
        // The first fetch finds both queues full and takes from "q"; a fetch over both queues returns a job of "low"
        // only once "q" has none left.
        Assert.Equal(["q", "q"], fetches[0].Got);
        int firstFetched = 0;
        foreach (var (asked, got) in fetches)
        {
            firstFetched += got.Count(q => q == "q");
            if (asked.Length == 2 && got.Contains("low"))
                Assert.Equal(40, firstFetched);
        }
    }

    [Fact]
    public async Task In_weighted_order_the_queue_fetched_first_is_drawn_in_proportion_to_the_weights()
    {
        // "low" is declared second but weighs 3 to 1, so it leads about three fetches in four. Jobs wait in "low" only,
        // so the idle "q" wants jobs at every fetch and each fetch for "low" asks both.
        var fetches = await FetchesOverTwoQueuesAsync(0, 300, w => w.Queue("low", concurrency: 1, weight: 3));

        var overBoth = fetches.Where(f => f.Asked.Length == 2).ToList();
        double lowFirst = overBoth.Count(f => f.Asked[0] == "low") / (double)overBoth.Count;
        Assert.True(overBoth.Count >= 80, $"only {overBoth.Count} fetches over both queues");
        Assert.True(lowFirst is > 0.6 and < 0.9, $"'low' led {lowFirst:P0} of {overBoth.Count} fetches over both queues; its weight is 3 of 4");
    }

    [Fact]
    public async Task A_job_whose_time_limit_is_out_of_range_fails_with_the_reason_instead_of_stalling()
    {
        await using var host = await StartAsync();
        // A client that does not check limits (another version, another language) wrote a negative one.
        var request = new BrokerTaskClient(host.Broker).CreateRequest(new Greet("out of range"));
        var envelope = JobEnvelopeCodec.Decode(request.Envelope) with { Timeout = TimeSpan.FromMilliseconds(-5) };
        await host.Broker.EnqueueAsync(request with { Envelope = JobEnvelopeCodec.Encode(envelope) });

        var dead = await host.WaitForStateAsync(request.Id, JobState.Dead);
        Assert.Equal("test.greet: the job's time limit -00:00:00.0050000 is out of range; a limit must be positive and at most 49.17:02:47.2940000.", dead.LastError);
        Assert.Equal((1, 0), (dead.Failures, dead.Stalls));
        Assert.Equal(0, host.Recorder.CountOf("hello out of range"));
    }

    [Fact]
    public async Task No_scheduled_job_starts_before_its_due_time_even_by_a_fraction_of_a_millisecond()
    {
        await using var host = await StartAsync();
        for (int i = 0; i < 30; i++)
        {
            // Due times between whole milliseconds: a broker that kept them rounded down would start these early.
            var due = DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(150 + i * 3.37);
            await host.Client.EnqueueAsync(new DueCheck(due.UtcTicks), runAt: due);
        }
        await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("early") == 30, what: "30 scheduled jobs");

        var early = host.Recorder.Events.Where(e => e.StartsWith("early ", StringComparison.Ordinal)).Select(e => long.Parse(e[6..])).ToList();
        Assert.True(early.All(ticks => ticks == 0), $"started early by (ticks): {string.Join(", ", early.Where(t => t > 0))}");
    }

    private sealed class NamedJobMiddleware(string name, List<string> log) : IJobMiddleware
    {
        public async ValueTask InvokeAsync(JobExecutionContext context, JobDelegate next)
        {
            lock (log) log.Add($"{name} before {context.TaskName}");
            await next(context);
            lock (log) log.Add($"{name} after {context.TaskName}");
        }
    }

    private sealed class NamedEnqueueMiddleware(string name, List<string> log) : IEnqueueMiddleware
    {
        public async ValueTask<EnqueueResult> InvokeAsync(EnqueueContext context, EnqueueDelegate next)
        {
            lock (log) log.Add($"{name} before");
            var result = await next(context);
            lock (log) log.Add($"{name} after");
            return result;
        }
    }

    private sealed class RecordingObserver : IJobLifecycleObserver
    {
        private readonly List<string> _events = [];

        public IReadOnlyList<string> Events { get { lock (_events) return _events.ToArray(); } }

        private ValueTask Add(string e)
        {
            lock (_events) _events.Add(e);
            return default;
        }

        public ValueTask OnProcessingAsync(JobExecutionContext context) => Add($"processing {context.JobId}");
        public ValueTask OnSucceededAsync(JobExecutionContext context) => Add($"succeeded {context.JobId}");
        public ValueTask OnRetryingAsync(JobExecutionContext context, Exception error, TimeSpan delay) => Add($"retrying {context.JobId} {delay}");
        public ValueTask OnFailedAsync(JobExecutionContext context, Exception error) => Add($"failed {context.JobId} {error.Message}");
    }
}

public sealed class InMemoryWorkerHostTests : WorkerHostTests
{
    protected override void UseBroker(TypedTasksOptions options) => options.UseInMemory();

    protected override IBroker NewBroker() => new InMemoryBroker();
}
