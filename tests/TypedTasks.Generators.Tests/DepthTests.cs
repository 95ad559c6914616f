using System.Collections;
using Microsoft.Extensions.DependencyInjection;
using TypedTasks.Brokers;
using TypedTasks.Serialization;
using Xunit;

namespace TypedTasks.Generators.Tests;

/// <summary>
/// One nesting limit for writer and reader (<see cref="MessagePackReaderChecks.MaxDepth"/>, 64 arrays and maps): a
/// payload at the limit is enqueued, read back and run; one a level deeper is refused by <c>PerformAsync</c> with an
/// error naming the task and the limit, and nothing reaches the broker. The tasks are the corpus's <c>Corpus.Depth</c>.
/// </summary>
public sealed class DepthTests
{
    private static Type CorpusType(string name) => Corpus.Valid.Value.GetType("Corpus.Depth." + name)!;

    /// <summary>A <c>Chain</c> of <paramref name="levels"/> <c>Level</c> maps inside the task's map.</summary>
    private static object Chain(int levels)
    {
        object? head = null;
        for (int i = levels; i >= 1; i--)
            head = Activator.CreateInstance(CorpusType("Level"), i, head);
        return Activator.CreateInstance(CorpusType("Chain"), head)!;
    }

    /// <summary>
    /// A <c>Tree</c> whose branches go <paramref name="levels"/> deep, one child each; the deepest has no children
    /// (null) or an empty list, which is one array more.
    /// </summary>
    private static object Tree(int levels, bool leafHasEmptyList)
    {
        var branch = CorpusType("Branch");
        var listType = typeof(List<>).MakeGenericType(branch);
        object? node = Activator.CreateInstance(branch, "leaf", leafHasEmptyList ? Activator.CreateInstance(listType) : null);
        for (int i = levels - 1; i >= 1; i--)
        {
            var children = (IList)Activator.CreateInstance(listType)!;
            children.Add(node);
            node = Activator.CreateInstance(branch, "level " + i, children);
        }
        return Activator.CreateInstance(CorpusType("Tree"), node)!;
    }

    [Fact]
    public async Task A_chain_of_64_nested_maps_is_enqueued_read_back_and_run()
    {
        var task = Chain(MessagePackReaderChecks.MaxDepth - 1);
        await AssertRunsAsync(task);
    }

    [Fact]
    public async Task A_chain_of_65_nested_maps_is_refused_at_enqueue()
    {
        await AssertRefusedAsync(Chain(MessagePackReaderChecks.MaxDepth));
    }

    [Fact]
    public async Task A_tree_32_branches_deep_runs_and_refuses_its_leaf_one_empty_list_more()
    {
        // The task's map, then a map and an array per branch: 32 branches make 64 containers when the leaf's children
        // are null, 65 when they are an empty list.
        await AssertRunsAsync(Tree(32, leafHasEmptyList: false));
        await AssertRefusedAsync(Tree(32, leafHasEmptyList: true));
    }

    private static async Task AssertRunsAsync(object task)
    {
        var type = task.GetType();
        var broker = new InMemoryBroker();
        var id = await Corpus.PerformAsync(task, new BrokerTaskClient(broker));

        var job = Assert.Single((await broker.FetchAsync(new FetchRequest { Queues = [GeneratedTasks.Options(type).Queue], Count = 1 })).Jobs);
        var envelope = JobEnvelopeCodec.Decode(job.Envelope);
        var read = GeneratedTasks.Read(type, envelope.Args.ToArray());
        MemberComparer.AssertEqual(task, read, type.Name);
        var context = new TaskContext(id, envelope.Name, job.Queue, job.Attempt, envelope.EnqueuedAt, new ServiceCollection().BuildServiceProvider());
        await GeneratedTasks.Descriptor(type).ExecuteAsync(envelope.Args, context, CancellationToken.None);
    }

    private static async Task AssertRefusedAsync(object task)
    {
        var broker = new InMemoryBroker();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Corpus.PerformAsync(task, new BrokerTaskClient(broker)));

        Assert.StartsWith(GeneratedTasks.Name(task.GetType()) + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"more than {MessagePackReaderChecks.MaxDepth} levels deep", error.Message, StringComparison.Ordinal);
        var fetched = await broker.FetchAsync(new FetchRequest { Queues = [GeneratedTasks.Options(task.GetType()).Queue], Count = 1 });
        Assert.Empty(fetched.Jobs);
    }
}
