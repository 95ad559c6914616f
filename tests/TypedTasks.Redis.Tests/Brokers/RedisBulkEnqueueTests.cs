using MessagePack;
using TypedTasks.Brokers;
using Xunit;

namespace TypedTasks.Redis.Tests.Brokers;

/// <summary><c>client.PerformManyAsync(tasks)</c> on Redis: a few script calls for thousands of jobs, stored in order, or none at all.</summary>
public sealed class RedisBulkEnqueueTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Thousands_of_tasks_go_in_a_few_script_calls_and_come_out_in_order()
    {
        await using var broker = redis.NewBroker();
        var client = new BrokerTaskClient(broker);
        await client.PerformManyAsync(new[] { new Note("warm-up") }, queue: "bulk-warm");
        var tasks = Enumerable.Range(0, 2_500).Select(i => new Note($"note {i}")).ToList();

        IReadOnlyList<JobId> ids;
        await using (var monitor = await CommandMonitor.StartAsync(redis.Server.Port))
        {
            ids = await client.PerformManyAsync(tasks, queue: "bulk");
            var scripts = (await monitor.StopAsync(text => redis.Database.ExecuteAsync("ECHO", text)))
                .Count(c => c.Contains("\"EVALSHA\"", StringComparison.OrdinalIgnoreCase));
            Assert.InRange(scripts, 1, tasks.Count / 50);
        }

        var fetched = new List<JobId>();
        while (fetched.Count < ids.Count)
        {
            var batch = await broker.FetchAsync(new FetchRequest { Queues = ["bulk"], Count = 500, WorkerId = "w" });
            Assert.NotEmpty(batch.Jobs);
            fetched.AddRange(batch.Jobs.Select(j => j.Id));
        }
        Assert.Equal(ids, fetched);
    }

    [Fact]
    public async Task A_batch_with_one_payload_above_the_limit_stores_nothing()
    {
        await using var broker = redis.NewBroker();
        var client = new BrokerTaskClient(broker, maxPayloadBytes: 100);
        var tasks = Enumerable.Range(0, 1_000).Select(i => new Note(i == 700 ? new string('x', 200) : "short")).ToList();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.PerformManyAsync(tasks, queue: "refused").AsTask());

        Assert.StartsWith("Task 700 of the 1000 test.note tasks cannot be enqueued, so none of them was:", error.Message);
        Assert.Equal(0, (await broker.GetQueueStatsAsync("refused")).Pending);
    }

    /// <summary>A task written the way the generator writes one: a map keyed by member name.</summary>
    private sealed record Note(string Text) : IGeneratedTask<Note>
    {
        public static string Name => "test.note";

        public static TaskOptions Options { get; } = new() { Queue = "notes" };

        public static void Write(ref MessagePackWriter writer, Note task)
        {
            writer.WriteMapHeader(1);
            writer.Write("Text");
            writer.Write(task.Text);
        }

        public static Note Read(ref MessagePackReader reader)
        {
            reader.ReadMapHeader();
            reader.ReadString();
            return new Note(reader.ReadString()!);
        }

        public static ValueTask<byte[]?> RunAsync(Note task, TaskContext context, CancellationToken cancellationToken) => default;
    }
}
