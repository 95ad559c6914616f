namespace TypedTasks.Testing.Tests;

// Tasks as users declare them: the generator writes their serializers, runners and registry entry.

/// <summary>Sends a mail through the outbox.</summary>
[Backtask(Name = "kit.send_email", Queue = "mail")]
public partial record SendEmail(string To, string Subject) : IBacktask
{
    public Task RunAsync(Outbox outbox, TaskContext context)
    {
        outbox.Add($"mail to {To}: {Subject} (attempt {context.Attempt})");
        return Task.CompletedTask;
    }
}

/// <summary>Registers a user, then enqueues their welcome mail.</summary>
[Backtask(Name = "kit.register")]
public partial record Register(string Email) : IBacktask
{
    public async Task RunAsync(Outbox outbox)
    {
        outbox.Add($"registered {Email}");
        await new SendEmail(Email, "Welcome").PerformAsync();
    }
}

/// <summary>Fails its first <see cref="FailTimes"/> attempts; retries after 10 s × attempt.</summary>
[Backtask(Name = "kit.flaky", MaxRetries = 3)]
public partial record Flaky(int FailTimes) : IBacktask
{
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(10 * attempt);

    public Task RunAsync(Outbox outbox, TaskContext context)
    {
        outbox.Add($"flaky attempt {context.Attempt}");
        if (context.Attempt <= FailTimes)
            throw new InvalidOperationException($"boom on attempt {context.Attempt}");
        return Task.CompletedTask;
    }
}

/// <summary>Enqueues itself again, at once, forever.</summary>
[Backtask(Name = "kit.forever")]
public partial record Forever(int Generation) : IBacktask
{
    public async Task RunAsync(Outbox outbox)
    {
        outbox.Add($"generation {Generation}");
        await new Forever(Generation + 1).PerformAsync();
    }
}

/// <summary>Counts from <see cref="From"/> to <see cref="To"/>, one step every <see cref="DelaySeconds"/> (the README's CountFromTo).</summary>
[Backtask(Name = "kit.count")]
public partial record CountFromTo(int From, int To, int DelaySeconds) : IBacktask
{
    public async Task RunAsync(Outbox outbox)
    {
        outbox.Add($"count {From}");
        if (From < To)
            await new CountFromTo(From + 1, To, DelaySeconds).PerformIn(TimeSpan.FromSeconds(DelaySeconds));
    }
}

/// <summary>A cron job.</summary>
[Backtask(Name = "kit.tick")]
public partial record Tick(string Label) : IBacktask
{
    public Task RunAsync(Outbox outbox, TaskContext context)
    {
        outbox.Add($"tick {Label} {context.JobId}");
        return Task.CompletedTask;
    }
}

/// <summary>
/// Uploads a stream: a stream is not data, so the member is left out of the payload ([TaskIgnore]) and a worker sees
/// none, whatever the caller passed.
/// </summary>
[Backtask(Name = "kit.upload")]
public partial record Upload(string Name, [property: TaskIgnore] Stream? Content = null) : IBacktask
{
    public Task RunAsync(Outbox outbox)
    {
        outbox.Add($"uploaded {Name}: {Content!.Length} bytes");
        return Task.CompletedTask;
    }
}
