namespace TypedTasks.Hosting.Tests;

// The worker tests' tasks, declared as users declare them: the source generator writes their serializers, options,
// runners and registry entry, so every worker test runs generated code.

/// <summary>Records a greeting through an injected service.</summary>
[Backtask(Name = "test.greet", Queue = "q")]
public partial record Greet(string Who) : IBacktask
{
    public Task RunAsync(Recorder recorder, TaskContext context)
    {
        recorder.Add($"hello {Who} attempt {context.Attempt} queue {context.Queue}");
        return Task.CompletedTask;
    }
}

/// <summary>Fails its first <see cref="FailTimes"/> attempts; retries after 100 ms × attempt, at most 2 retries.</summary>
[Backtask(Name = "test.flaky", Queue = "q", MaxRetries = 2)]
public partial record Flaky(int FailTimes) : IBacktask
{
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(100 * attempt);

    public Task RunAsync(Recorder recorder, TaskContext context)
    {
        recorder.Add($"flaky attempt {context.Attempt} at {DateTime.UtcNow.Ticks}");
        if (context.Attempt <= FailTimes)
            throw new InvalidOperationException($"boom on attempt {context.Attempt}");
        return Task.CompletedTask;
    }
}

/// <summary>Waits <see cref="Milliseconds"/> honouring its token; no retries.</summary>
[Backtask(Name = "test.slow", Queue = "q", MaxRetries = 0)]
public partial record Slow(int Milliseconds) : IBacktask
{
    public async Task RunAsync(Recorder recorder, CancellationToken cancellationToken)
    {
        recorder.Add("slow started");
        try
        {
            await Task.Delay(Milliseconds, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            recorder.Add("slow cancelled");
            throw;
        }
        recorder.Add("slow finished");
    }
}

/// <summary>Runs until cancelled, with no timeout of its own (the shutdown test's job).</summary>
[Backtask(Name = "test.endless", Queue = "q")]
public partial record Endless(string Tag) : IBacktask
{
    public async Task RunAsync(Recorder recorder, CancellationToken cancellationToken)
    {
        recorder.Add($"endless {Tag} started");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            recorder.Add($"endless {Tag} cancelled");
            throw;
        }
    }
}

/// <summary>Returns the square of its input as its result.</summary>
[Backtask(Name = "test.square", Queue = "q", KeepResultForSeconds = 300)]
public partial record Square(int Value) : IBacktask
{
    public Task<int> RunAsync() => Task.FromResult(Value * Value);
}

/// <summary>Records how long after <see cref="SentAt"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp) it started.</summary>
[Backtask(Name = "test.ping", Queue = "q")]
public partial record Ping(long SentAt) : IBacktask
{
    public Task RunAsync(Recorder recorder)
    {
        var latency = System.Diagnostics.Stopwatch.GetElapsedTime(SentAt);
        recorder.Add($"ping {latency.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        return Task.CompletedTask;
    }
}

/// <summary>Records how far before its due time (UTC ticks) it started: "early 0" when it started on time or later.</summary>
[Backtask(Name = "test.due-check", Queue = "q")]
public partial record DueCheck(long DueTicks) : IBacktask
{
    public Task RunAsync(Recorder recorder)
    {
        long early = Math.Max(0, DueTicks - DateTimeOffset.UtcNow.UtcTicks);
        recorder.Add($"early {early}");
        return Task.CompletedTask;
    }
}

/// <summary>A unique task: equal payloads while one is queued or running share one job.</summary>
[Backtask(Name = "test.unique-report", Queue = "q", Unique = true, UniqueForSeconds = 300)]
public partial record UniqueReport(string Day) : IBacktask
{
    public Task RunAsync(Recorder recorder)
    {
        recorder.Add($"report {Day}");
        return Task.CompletedTask;
    }
}

/// <summary>Records the id of the job it ran as (cron jobs' ids name their fire time) and the time it started.</summary>
[Backtask(Name = "test.tick", Queue = "q")]
public partial record Tick(string Label) : IBacktask
{
    public Task RunAsync(Recorder recorder, TaskContext context)
    {
        recorder.Add($"tick {Label} {context.JobId} at {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");
        return Task.CompletedTask;
    }
}

/// <summary>A chain link: adds <see cref="Plus"/> to the previous link's <see cref="Square"/> result.</summary>
[Backtask(Name = "test.add-to-previous", Queue = "q")]
public partial record AddToPrevious(int Plus) : IBacktask
{
    public Task<int> RunAsync(Recorder recorder, TaskContext context)
    {
        int sum = context.ReadPreviousResult<Square, int>() + Plus;
        recorder.Add($"add-to-previous {sum}");
        return Task.FromResult(sum);
    }
}

/// <summary>Unique per customer, whatever the run number (a custom uniqueness key).</summary>
[Backtask(Name = "test.customer-report", Queue = "q")]
public partial record CustomerReport(string Customer, int Run) : IBacktask, IUniqueTask
{
    public string UniqueKey => Customer;

    public Task RunAsync() => Task.CompletedTask;
}

/// <summary>Returns nothing but saves its text as the job's result.</summary>
[Backtask(Name = "test.saver", Queue = "q", KeepResultForSeconds = 60)]
public partial record Saver(string Text) : IBacktask
{
    public Task RunAsync(TaskContext context)
    {
        context.Save(System.Text.Encoding.UTF8.GetBytes(Text));
        return Task.CompletedTask;
    }
}

/// <summary>Always fails, once, and its task removes failed jobs (Retention.RemoveAll).</summary>
[Backtask(Name = "test.doomed", Queue = "q", MaxRetries = 0, Retention = Retention.RemoveAll)]
public partial record Doomed(string Why) : IBacktask
{
    public Task RunAsync(Recorder recorder)
    {
        recorder.Add($"doomed {Why}");
        throw new InvalidOperationException(Why);
    }
}

/// <summary>
/// Runs 100 ms (3 s when its tag starts with "long") and records how many jobs of this host ran beside it when it
/// started and when it ended.
/// </summary>
[Backtask(Name = "test.overlap", Queue = "q")]
public partial record Overlap(string Tag) : IBacktask
{
    public async Task RunAsync(Recorder recorder, CancellationToken cancellationToken)
    {
        int atStart = recorder.Enter();
        await Task.Delay(Tag.StartsWith("long", StringComparison.Ordinal) ? 3000 : 100, cancellationToken);
        int atEnd = recorder.Exit();
        recorder.Add($"overlap {Tag} beside {Math.Max(atStart, atEnd) - 1}");
    }
}

/// <summary>Records the queue it ran from (the queue-order tests).</summary>
[Backtask(Name = "test.mark", Queue = "q")]
public partial record Mark(int N) : IBacktask
{
    public Task RunAsync(Recorder recorder, TaskContext context)
    {
        recorder.Add($"mark {context.Queue} {N}");
        return Task.CompletedTask;
    }
}

/// <summary>Declares a time limit no worker can run under (about 68 years): its enqueues are refused.</summary>
[Backtask(Name = "test.forever", Queue = "q", TimeoutSeconds = int.MaxValue)]
public partial record Forever(string Tag) : IBacktask
{
    public Task RunAsync() => Task.CompletedTask;
}

internal static class TestTasks
{
    /// <summary>The tasks of this assembly, as the generator registered them.</summary>
    public static TaskRegistry Registry { get; } = Build();

    /// <summary>A task's wire name (generated tasks implement it explicitly).</summary>
    public static string NameOf<TTask>() where TTask : IGeneratedTask<TTask> => TTask.Name;

    private static TaskRegistry Build()
    {
        var builder = new TaskRegistryBuilder();
        TypedTasks.Generated.TypedTasks_Hosting_TestsTaskRegistry.Register(builder);
        return builder.Build();
    }
}
