using TypedTasks.Brokers;
using TypedTasks.Serialization;
using Xunit;

namespace TypedTasks.Generators.Tests;

/// <summary>
/// <c>client.PerformManyAsync(tasks)</c> as a user writes it, compiled with the generator and run: the jobs are stored
/// in order with their ids, and a batch with a task the generated writer refuses (nested too deep) is refused whole.
/// </summary>
public sealed class BulkEnqueueTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using TypedTasks;

        namespace Bulk;

        public sealed record Node(int Value, Node? Next);

        [Backtask(Name = "bulk.resize", Queue = "images")]
        public partial record Resize(string Path, int Width) : IBacktask
        {
            public Task RunAsync() => Task.CompletedTask;
        }

        public partial record Walk(Node? Head) : IBacktask
        {
            public Task RunAsync() => Task.CompletedTask;
        }

        public static class Sender
        {
            public static async Task<IReadOnlyList<JobId>> ResizeAllAsync(ITaskClient client, int count) =>
                await client.PerformManyAsync(Enumerable.Range(0, count).Select(i => new Resize($"photo-{i}.jpg", 100 + i)));

            /// <summary>Two shallow walks, then one whose chain of nodes is <paramref name="depth"/> long.</summary>
            public static async Task<IReadOnlyList<JobId>> WalkAsync(ITaskClient client, int depth)
            {
                Node? head = null;
                for (int i = depth; i >= 1; i--)
                    head = new Node(i, head);
                return await client.PerformManyAsync(new List<Walk> { new(new Node(1, null)), new(null), new(head) }, queue: "walks");
            }
        }
        """;

    private static readonly Lazy<System.Reflection.Assembly> s_assembly = new(() => GeneratorHarness.Load("Bulk", Source));

    private static async Task<IReadOnlyList<JobId>> CallAsync(string method, params object[] args)
    {
        var call = s_assembly.Value.GetType("Bulk.Sender")!.GetMethod(method)!;
        try
        {
            return await (Task<IReadOnlyList<JobId>>)call.Invoke(null, args)!;
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    [Fact]
    public async Task Generated_tasks_enqueued_in_bulk_are_stored_in_order_with_the_ids_returned()
    {
        var broker = new InMemoryBroker();

        var ids = await CallAsync("ResizeAllAsync", new BrokerTaskClient(broker), 250);

        var jobs = (await broker.FetchAsync(new FetchRequest { Queues = ["images"], Count = 300 })).Jobs;
        Assert.Equal(ids, jobs.Select(j => j.Id));
        var resize = s_assembly.Value.GetType("Bulk.Resize")!;
        var last = GeneratedTasks.Read(resize, JobEnvelopeCodec.Decode(jobs[^1].Envelope).Args.ToArray());
        Assert.Equal(("photo-249.jpg", 349), ((string)resize.GetProperty("Path")!.GetValue(last)!, (int)resize.GetProperty("Width")!.GetValue(last)!));
        Assert.All(jobs, j => Assert.Equal("bulk.resize", JobEnvelopeCodec.Decode(j.Envelope).Name));
    }

    [Fact]
    public async Task A_batch_with_one_task_nested_too_deep_is_refused_whole()
    {
        var broker = new InMemoryBroker();

        // The task's map and one map per node: 63 nodes are the reader's 64 levels, 64 one too many.
        var ids = await CallAsync("WalkAsync", new BrokerTaskClient(broker), MessagePackReaderChecks.MaxDepth - 1);
        Assert.Equal(3, ids.Count);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => CallAsync("WalkAsync", new BrokerTaskClient(broker), MessagePackReaderChecks.MaxDepth));

        Assert.StartsWith("Task 2 of the 3 Bulk.Walk tasks cannot be enqueued, so none of them was: Bulk.Walk: the value nests", error.Message, StringComparison.Ordinal);
        Assert.Contains($"more than {MessagePackReaderChecks.MaxDepth} levels deep", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, (await broker.GetQueueStatsAsync("walks")).Pending);
    }
}
