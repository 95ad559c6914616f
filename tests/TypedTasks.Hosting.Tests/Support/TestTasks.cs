using Microsoft.Extensions.DependencyInjection;
using TypedTasks.MessagePack;

namespace TypedTasks.Hosting.Tests;

/// <summary>
/// Tasks written the way the source generator writes them (a map keyed by member name), so the worker is tested on
/// its own; the generator's own tests run generated tasks end to end.
/// </summary>
internal static class Payload
{
    public static void Write(ref MessagePackWriter writer, string key, string value)
    {
        writer.WriteMapHeader(1);
        writer.Write(key);
        writer.Write(value);
    }

    public static void Write(ref MessagePackWriter writer, string key, int value)
    {
        writer.WriteMapHeader(1);
        writer.Write(key);
        writer.Write(value);
    }

    public static string ReadString(ref MessagePackReader reader, string task, string key)
    {
        string? value = null;
        int count = reader.ReadMapHeader();
        for (int i = 0; i < count; i++)
        {
            if (reader.ReadString() == key)
                value = reader.ReadString();
            else
                reader.Skip();
        }
        return value ?? throw TaskPayloadException.MissingMember(task, key);
    }

    public static int ReadInt32(ref MessagePackReader reader, string task, string key)
    {
        int? value = null;
        int count = reader.ReadMapHeader();
        for (int i = 0; i < count; i++)
        {
            if (reader.ReadString() == key)
                value = reader.ReadInt32();
            else
                reader.Skip();
        }
        return value ?? throw TaskPayloadException.MissingMember(task, key);
    }
}

/// <summary>Records a greeting through an injected service.</summary>
public sealed record Greet(string Who) : IGeneratedTask<Greet>
{
    public static string Name => "test.greet";
    public static TaskOptions Options { get; } = new() { Queue = "q" };
    public static void Write(ref MessagePackWriter writer, Greet task) => Payload.Write(ref writer, "Who", task.Who);
    public static Greet Read(ref MessagePackReader reader) => new(Payload.ReadString(ref reader, Name, "Who"));

    public static ValueTask<byte[]?> RunAsync(Greet task, TaskContext context, CancellationToken cancellationToken)
    {
        context.Services.GetRequiredService<Recorder>().Add($"hello {task.Who} attempt {context.Attempt} queue {context.Queue}");
        return default;
    }
}

/// <summary>Fails its first <see cref="FailTimes"/> attempts; retries after 100 ms × attempt, at most 2 retries.</summary>
public sealed record Flaky(int FailTimes) : IGeneratedTask<Flaky>
{
    public static string Name => "test.flaky";
    public static TaskOptions Options { get; } = new() { Queue = "q", MaxRetries = 2, Backoff = attempt => TimeSpan.FromMilliseconds(100 * attempt) };
    public static void Write(ref MessagePackWriter writer, Flaky task) => Payload.Write(ref writer, "FailTimes", task.FailTimes);
    public static Flaky Read(ref MessagePackReader reader) => new(Payload.ReadInt32(ref reader, Name, "FailTimes"));

    public static ValueTask<byte[]?> RunAsync(Flaky task, TaskContext context, CancellationToken cancellationToken)
    {
        context.Services.GetRequiredService<Recorder>().Add($"flaky attempt {context.Attempt} at {DateTime.UtcNow.Ticks}");
        if (context.Attempt <= task.FailTimes)
            throw new InvalidOperationException($"boom on attempt {context.Attempt}");
        return default;
    }
}

/// <summary>Waits <see cref="Milliseconds"/> honouring its token; a 300 ms timeout and no retries.</summary>
public sealed record Slow(int Milliseconds) : IGeneratedTask<Slow>
{
    public static string Name => "test.slow";
    public static TaskOptions Options { get; } = new() { Queue = "q", MaxRetries = 0, Timeout = TimeSpan.FromMilliseconds(300) };
    public static void Write(ref MessagePackWriter writer, Slow task) => Payload.Write(ref writer, "Milliseconds", task.Milliseconds);
    public static Slow Read(ref MessagePackReader reader) => new(Payload.ReadInt32(ref reader, Name, "Milliseconds"));

    public static async ValueTask<byte[]?> RunAsync(Slow task, TaskContext context, CancellationToken cancellationToken)
    {
        var recorder = context.Services.GetRequiredService<Recorder>();
        recorder.Add("slow started");
        try
        {
            await Task.Delay(task.Milliseconds, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            recorder.Add("slow cancelled");
            throw;
        }
        recorder.Add("slow finished");
        return null;
    }
}

/// <summary>Runs until cancelled, with no timeout of its own (the shutdown test's job).</summary>
public sealed record Endless(string Tag) : IGeneratedTask<Endless>
{
    public static string Name => "test.endless";
    public static TaskOptions Options { get; } = new() { Queue = "q" };
    public static void Write(ref MessagePackWriter writer, Endless task) => Payload.Write(ref writer, "Tag", task.Tag);
    public static Endless Read(ref MessagePackReader reader) => new(Payload.ReadString(ref reader, Name, "Tag"));

    public static async ValueTask<byte[]?> RunAsync(Endless task, TaskContext context, CancellationToken cancellationToken)
    {
        var recorder = context.Services.GetRequiredService<Recorder>();
        recorder.Add($"endless {task.Tag} started");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            recorder.Add($"endless {task.Tag} cancelled");
            throw;
        }
        return null;
    }
}

/// <summary>Returns the square of its input as its result.</summary>
public sealed record Square(int Value) : IGeneratedTask<Square, int>
{
    public static string Name => "test.square";
    public static TaskOptions Options { get; } = new() { Queue = "q", KeepResultFor = TimeSpan.FromMinutes(5) };
    public static void Write(ref MessagePackWriter writer, Square task) => Payload.Write(ref writer, "Value", task.Value);
    public static Square Read(ref MessagePackReader reader) => new(Payload.ReadInt32(ref reader, Name, "Value"));
    public static int ReadResult(ref MessagePackReader reader) => reader.ReadInt32();

    public static ValueTask<byte[]?> RunAsync(Square task, TaskContext context, CancellationToken cancellationToken)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.Write(task.Value * task.Value);
        return ValueTask.FromResult<byte[]?>(buffer.WrittenSpan.ToArray());
    }
}

/// <summary>Records how long after <see cref="SentAt"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp) it started.</summary>
public sealed record Ping(long SentAt) : IGeneratedTask<Ping>
{
    public static string Name => "test.ping";
    public static TaskOptions Options { get; } = new() { Queue = "q" };

    public static void Write(ref MessagePackWriter writer, Ping task)
    {
        writer.WriteMapHeader(1);
        writer.Write("SentAt");
        writer.Write(task.SentAt);
    }

    public static Ping Read(ref MessagePackReader reader)
    {
        reader.ReadMapHeader();
        reader.ReadString();
        return new Ping(reader.ReadInt64());
    }

    public static ValueTask<byte[]?> RunAsync(Ping task, TaskContext context, CancellationToken cancellationToken)
    {
        var latency = System.Diagnostics.Stopwatch.GetElapsedTime(task.SentAt);
        context.Services.GetRequiredService<Recorder>().Add($"ping {latency.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        return default;
    }
}

/// <summary>Records how far before its due time (UTC ticks) it started: "early 0" when it started on time or later.</summary>
public sealed record DueCheck(long DueTicks) : IGeneratedTask<DueCheck>
{
    public static string Name => "test.due-check";
    public static TaskOptions Options { get; } = new() { Queue = "q" };

    public static void Write(ref MessagePackWriter writer, DueCheck task)
    {
        writer.WriteMapHeader(1);
        writer.Write("DueTicks");
        writer.Write(task.DueTicks);
    }

    public static DueCheck Read(ref MessagePackReader reader)
    {
        reader.ReadMapHeader();
        reader.ReadString();
        return new DueCheck(reader.ReadInt64());
    }

    public static ValueTask<byte[]?> RunAsync(DueCheck task, TaskContext context, CancellationToken cancellationToken)
    {
        long early = Math.Max(0, task.DueTicks - DateTimeOffset.UtcNow.UtcTicks);
        context.Services.GetRequiredService<Recorder>().Add($"early {early}");
        return default;
    }
}

/// <summary>A unique task: equal payloads while one is queued or running share one job.</summary>
public sealed record UniqueReport(string Day) : IGeneratedTask<UniqueReport>
{
    public static string Name => "test.unique-report";
    public static TaskOptions Options { get; } = new() { Queue = "q", Unique = true, UniqueFor = TimeSpan.FromMinutes(5) };
    public static void Write(ref MessagePackWriter writer, UniqueReport task) => Payload.Write(ref writer, "Day", task.Day);
    public static UniqueReport Read(ref MessagePackReader reader) => new(Payload.ReadString(ref reader, Name, "Day"));

    public static ValueTask<byte[]?> RunAsync(UniqueReport task, TaskContext context, CancellationToken cancellationToken)
    {
        context.Services.GetRequiredService<Recorder>().Add($"report {task.Day}");
        return default;
    }
}

/// <summary>Records the id of the job it ran as (cron jobs' ids name their fire time).</summary>
public sealed record Tick(string Label) : IGeneratedTask<Tick>
{
    public static string Name => "test.tick";
    public static TaskOptions Options { get; } = new() { Queue = "q" };
    public static void Write(ref MessagePackWriter writer, Tick task) => Payload.Write(ref writer, "Label", task.Label);
    public static Tick Read(ref MessagePackReader reader) => new(Payload.ReadString(ref reader, Name, "Label"));

    public static ValueTask<byte[]?> RunAsync(Tick task, TaskContext context, CancellationToken cancellationToken)
    {
        context.Services.GetRequiredService<Recorder>().Add($"tick {task.Label} {context.JobId}");
        return default;
    }
}

/// <summary>A chain link: adds <see cref="Plus"/> to the previous link's <see cref="Square"/> result.</summary>
public sealed record AddToPrevious(int Plus) : IGeneratedTask<AddToPrevious, int>
{
    public static string Name => "test.add-to-previous";
    public static TaskOptions Options { get; } = new() { Queue = "q" };
    public static void Write(ref MessagePackWriter writer, AddToPrevious task) => Payload.Write(ref writer, "Plus", task.Plus);
    public static AddToPrevious Read(ref MessagePackReader reader) => new(Payload.ReadInt32(ref reader, Name, "Plus"));
    public static int ReadResult(ref MessagePackReader reader) => reader.ReadInt32();

    public static ValueTask<byte[]?> RunAsync(AddToPrevious task, TaskContext context, CancellationToken cancellationToken)
    {
        int sum = context.ReadPreviousResult<Square, int>() + task.Plus;
        context.Services.GetRequiredService<Recorder>().Add($"add-to-previous {sum}");
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.Write(sum);
        return ValueTask.FromResult<byte[]?>(buffer.WrittenSpan.ToArray());
    }
}

/// <summary>Unique per customer, whatever the run number (a custom uniqueness key).</summary>
public sealed record CustomerReport(string Customer, int Run) : IGeneratedTask<CustomerReport>, IUniqueTask
{
    public static string Name => "test.customer-report";
    public static TaskOptions Options { get; } = new() { Queue = "q" };
    public string UniqueKey => Customer;

    public static void Write(ref MessagePackWriter writer, CustomerReport task)
    {
        writer.WriteMapHeader(2);
        writer.Write("Customer");
        writer.Write(task.Customer);
        writer.Write("Run");
        writer.Write(task.Run);
    }

    public static CustomerReport Read(ref MessagePackReader reader)
    {
        reader.ReadMapHeader();
        reader.ReadString();
        string customer = reader.ReadString()!;
        reader.ReadString();
        return new CustomerReport(customer, reader.ReadInt32());
    }

    public static ValueTask<byte[]?> RunAsync(CustomerReport task, TaskContext context, CancellationToken cancellationToken) => default;
}

/// <summary>Returns nothing but saves its text as the job's result.</summary>
public sealed record Saver(string Text) : IGeneratedTask<Saver>
{
    public static string Name => "test.saver";
    public static TaskOptions Options { get; } = new() { Queue = "q", KeepResultFor = TimeSpan.FromMinutes(1) };
    public static void Write(ref MessagePackWriter writer, Saver task) => Payload.Write(ref writer, "Text", task.Text);
    public static Saver Read(ref MessagePackReader reader) => new(Payload.ReadString(ref reader, Name, "Text"));

    public static ValueTask<byte[]?> RunAsync(Saver task, TaskContext context, CancellationToken cancellationToken)
    {
        context.Save(System.Text.Encoding.UTF8.GetBytes(task.Text));
        return default;
    }
}

/// <summary>Always fails, once, and its task removes failed jobs (Retention.RemoveAll).</summary>
public sealed record Doomed(string Why) : IGeneratedTask<Doomed>
{
    public static string Name => "test.doomed";
    public static TaskOptions Options { get; } = new() { Queue = "q", MaxRetries = 0, Retention = Retention.RemoveAll };
    public static void Write(ref MessagePackWriter writer, Doomed task) => Payload.Write(ref writer, "Why", task.Why);
    public static Doomed Read(ref MessagePackReader reader) => new(Payload.ReadString(ref reader, Name, "Why"));

    public static ValueTask<byte[]?> RunAsync(Doomed task, TaskContext context, CancellationToken cancellationToken)
    {
        context.Services.GetRequiredService<Recorder>().Add($"doomed {task.Why}");
        throw new InvalidOperationException(task.Why);
    }
}

/// <summary>
/// Runs 100 ms (3 s when its tag starts with "long") and records how many jobs of this host ran beside it when it
/// started and when it ended.
/// </summary>
public sealed record Overlap(string Tag) : IGeneratedTask<Overlap>
{
    public static string Name => "test.overlap";
    public static TaskOptions Options { get; } = new() { Queue = "q" };
    public static void Write(ref MessagePackWriter writer, Overlap task) => Payload.Write(ref writer, "Tag", task.Tag);
    public static Overlap Read(ref MessagePackReader reader) => new(Payload.ReadString(ref reader, Name, "Tag"));

    public static async ValueTask<byte[]?> RunAsync(Overlap task, TaskContext context, CancellationToken cancellationToken)
    {
        var recorder = context.Services.GetRequiredService<Recorder>();
        int atStart = recorder.Enter();
        await Task.Delay(task.Tag.StartsWith("long", StringComparison.Ordinal) ? 3000 : 100, cancellationToken);
        int atEnd = recorder.Exit();
        recorder.Add($"overlap {task.Tag} beside {Math.Max(atStart, atEnd) - 1}");
        return null;
    }
}

internal static class TestTasks
{
    public static TaskRegistry Registry { get; } = new TaskRegistryBuilder()
        .Add<Greet>().Add<Flaky>().Add<Slow>().Add<Endless>().Add<Square>().Add<Ping>().Add<DueCheck>().Add<UniqueReport>().Add<Tick>().Add<AddToPrevious>().Add<CustomerReport>().Add<Saver>().Add<Doomed>().Add<Overlap>()
        .Build();
}
