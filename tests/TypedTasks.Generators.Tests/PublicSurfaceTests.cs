using TypedTasks.Brokers;
using Xunit;

namespace TypedTasks.Generators.Tests;

/// <summary>
/// Code a new user writes from the README (a task, enqueues, job lookups, cancel, results, chains and groups, retention
/// settings) compiles with <c>using TypedTasks;</c> as its only TypedTasks namespace: the types users handle live there,
/// and <c>TypedTasks.Brokers</c> is for broker authors.
/// </summary>
public sealed class PublicSurfaceTests
{
    private const string UserCode = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using TypedTasks;

        namespace Shop;

        public partial record Add(int A, int B) : IBacktask
        {
            public Task<int> RunAsync(CancellationToken ct) => Task.FromResult(A + B);
        }

        public static class UserCode
        {
            public static async Task<string> RunAsync(ITaskClient client)
            {
                JobId id = await new Add(40, 2).PerformAsync(client, options: new JobOptions { KeepResultFor = TimeSpan.FromHours(1) });
                JobInfo? job = await client.GetJobAsync(id);
                JobState? state = job?.State;
                string seen = $"{state} failures {job?.Failures} stalls {job?.Stalls}";

                CancelOutcome first = await client.CancelAsync(id);
                CancelOutcome second = await client.CancelAsync(id);
                var (found, sum) = await client.GetResultAsync<Add, int>(id);

                ChainHandle chain = await client.Chain(new Add(1, 2), new Add(3, 4)).EnqueueAsync();
                ChainStatus chainStatus = await client.GetChainAsync(chain);
                GroupHandle group = await client.Group(new[] { new Add(1, 1), new Add(2, 2) }).EnqueueAsync();
                GroupStatus groupStatus = await client.GetGroupAsync(group);

                var retention = new BrokerOptions
                {
                    MaxStalls = 3,
                    DeadRetentionByQueue = new Dictionary<string, DeadRetention> { ["payments"] = new(1_000, TimeSpan.FromDays(365)) },
                };
                QueueStats? stats = null;
                EnqueueResult? enqueued = null;
                return $"{seen}; cancel {first} then {second}; result {found}; chain {chainStatus.State}; group {groupStatus.Done} done; " +
                       $"stalls {retention.MaxStalls}; {stats?.Pending ?? 0} {enqueued?.Duplicate ?? false}";
            }
        }
        """;

    [Fact]
    public async Task README_level_user_code_compiles_with_only_using_TypedTasks_and_runs()
    {
        var assembly = GeneratorHarness.Load("Shop", UserCode);
        var run = assembly.GetType("Shop.UserCode")!.GetMethod("RunAsync")!;

        var client = new BrokerTaskClient(new InMemoryBroker());
        string summary = await (Task<string>)run.Invoke(null, [client])!;

        Assert.Equal("Pending failures 0 stalls 0; cancel Cancelled then AlreadyEnded; result False; chain Pending; group 0 done; stalls 3; 0 False", summary);
    }
}
