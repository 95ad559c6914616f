using System.Diagnostics;
using Xunit;

namespace TypedTasks.TestSupport.Reliability;

/// <summary>
/// Chaos for any broker: worker processes drain numbered jobs while one of them, chosen at random, is SIGKILLed every
/// 0.5–2 s and replaced, until every job has run at least once. It records which jobs each killed worker still held
/// (the only ones allowed to run twice) and how long until none of them was leased to it any more, then waits, with
/// workers alive, until the queue has settled.
/// </summary>
public sealed class KillDrill
{
    /// <summary>Starts one worker process.</summary>
    public required Func<WorkerProcess> StartWorker { get; init; }

    /// <summary>Job number → how many times it ran, from the workers' run log.</summary>
    public required Func<Task<IReadOnlyDictionary<int, int>>> Runs { get; init; }

    /// <summary>The ids of the jobs leased to a process (all, or those among the given ids).</summary>
    public required Func<int, IReadOnlyCollection<string>?, Task<IReadOnlyCollection<string>>> HeldBy { get; init; }

    /// <summary>The queue's state, for the failure message when the drill runs out of time.</summary>
    public required Func<Task<string>> Describe { get; init; }

    /// <summary>Whether the queue has settled once every job ran (nothing pending, active or retried): waited for with the workers still alive.</summary>
    public required Func<Task<bool>> Settled { get; init; }

    /// <summary>How many workers run at once.</summary>
    public int Workers { get; init; } = 3;

    /// <summary>Kills until all <paramref name="jobs"/> ran (job id → job number in <paramref name="numberOf"/>), failing after <paramref name="limit"/>.</summary>
    public async Task<KillDrillResult> RunAsync(int jobs, IReadOnlyDictionary<string, int> numberOf, TimeSpan limit)
    {
        var heldByKilled = new HashSet<int>();
        var recoveries = new List<Task<TimeSpan>>();
        var workers = Enumerable.Range(0, Workers).Select(_ => StartWorker()).ToArray();
        var random = new Random(7);
        int kills = 0, killsWhileWorking = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            while ((await Runs()).Count < jobs)
            {
                if (clock.Elapsed > limit)
                    Assert.Fail($"only {(await Runs()).Count} of {jobs} jobs ran after {kills} kills; queue: {await Describe()}");
                await Task.Delay(random.Next(500, 2000));
                int victim = random.Next(workers.Length);
                int processId = workers[victim].ProcessId;
                workers[victim].Dispose();
                kills++;
                // Its leases stay until they expire: these are the jobs the kill may run twice.
                var held = await HeldBy(processId, null);
                heldByKilled.UnionWith(held.Select(id => numberOf[id]));
                recoveries.Add(RecoveredAfterAsync(processId, held));
                if ((await Runs()).Count < jobs)
                    killsWhileWorking++;
                workers[victim] = StartWorker();
            }
            // A job a killed worker ran but did not acknowledge comes back after its lease and runs again.
            await Conditions.WaitAsync(Settled, TimeSpan.FromSeconds(60), $"the queue to settle after every job ran: {await Describe()}");
            return new KillDrillResult(kills, killsWhileWorking, heldByKilled, (await Task.WhenAll(recoveries)).Max(), clock.Elapsed);
        }
        finally
        {
            foreach (var worker in workers)
                worker.Dispose();
        }
    }

    /// <summary>How long until none of the jobs a killed worker held is still leased to it (recovered, or done by another); throws after 30 s.</summary>
    private async Task<TimeSpan> RecoveredAfterAsync(int processId, IReadOnlyCollection<string> held)
    {
        var clock = Stopwatch.StartNew();
        await Conditions.WaitAsync(async () => held.Count == 0 || (await HeldBy(processId, held)).Count == 0, TimeSpan.FromSeconds(30),
            $"the {held.Count} jobs killed worker {processId} held to be leased to it no more ({string.Join(", ", held)})", TimeSpan.FromMilliseconds(100));
        return clock.Elapsed;
    }
}

/// <summary>What a <see cref="KillDrill"/> saw.</summary>
/// <param name="Kills">Workers killed.</param>
/// <param name="KillsWhileWorking">Kills that landed before every job had run.</param>
/// <param name="HeldByKilled">Numbers of the jobs a killed worker held when it died.</param>
/// <param name="SlowestRecovery">The longest time until a killed worker's jobs were no longer leased to it.</param>
/// <param name="Elapsed">How long the drill ran.</param>
public sealed record KillDrillResult(int Kills, int KillsWhileWorking, IReadOnlySet<int> HeldByKilled, TimeSpan SlowestRecovery, TimeSpan Elapsed)
{
    /// <summary>
    /// Asserts what a user relies on: every job ran, only jobs a killed worker held ran twice, enough kills landed while
    /// jobs ran, and a killed worker's jobs came back within 20 s (lease 3 s, but kills come faster than a loaded
    /// machine starts a worker, so at times no worker is alive to recover them). Returns the line to report.
    /// </summary>
    public string AssertNothingLost(IReadOnlyDictionary<int, int> runs, int jobs, int minimumKills)
    {
        Assert.True(KillsWhileWorking >= minimumKills, $"only {KillsWhileWorking} kills landed while jobs were running");
        Assert.Equal(jobs, runs.Count);
        var twice = runs.Where(r => r.Value > 1).Select(r => r.Key).ToList();
        Assert.Empty(twice.Except(HeldByKilled));
        Assert.True(SlowestRecovery < TimeSpan.FromSeconds(20), $"a killed worker's jobs were still leased to it {SlowestRecovery.TotalSeconds:0} s later");
        return $"{jobs} jobs, {KillsWhileWorking} kills while working in {Elapsed.TotalSeconds:0} s; " +
            $"{twice.Count} jobs ran more than once, all among the {HeldByKilled.Count} a killed worker held; " +
            $"the last of a kill's jobs was back {SlowestRecovery.TotalSeconds:0.0} s after it at most";
    }
}
