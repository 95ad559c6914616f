using System.Globalization;
using TypedTasks;
using TypedTasks.Brokers;
using TypedTasks.Redis;
using StackExchange.Redis;
using TypedTasks.ScriptCost;

// What one job costs Redis in the worker's scripts, at fixed batch sizes, measured by Redis itself:
//   --redis host:port [--jobs N] [--batches 1,10,50] [--runs 3]
// For each batch size B: N jobs are bulk-enqueued under a fresh key prefix, then drained by one caller that fetches B
// jobs and from then on acks the B it holds and fetches the next B in one ackAndFetch call, serially, as a worker
// does at concurrency B when every job is done by the next fetch. CONFIG RESETSTAT before the drain, INFO after it:
// the scripts' own time (commandstats usec of EVALSHA, which includes the commands they run) and Redis's whole CPU
// (used_cpu_user + used_cpu_sys: parsing, replies, the socket) per job. Unlike the drain phases of bench/run.sh,
// the figures do not depend on how fast the client is or how it batches; each line is the median of the runs.
// Run it against a redis-server of its own: it flushes nothing but resets the server's statistics.
string redis = Option("--redis") ?? "127.0.0.1:6379";
int jobs = int.Parse(Option("--jobs") ?? "50000", CultureInfo.InvariantCulture);
int runs = int.Parse(Option("--runs") ?? "3", CultureInfo.InvariantCulture);
int[] batches = (Option("--batches") ?? "1,10,50").Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray();
const string Queue = "default";

await using var connection = await ConnectionMultiplexer.ConnectAsync(redis + ",allowAdmin=true");
var admin = connection.GetDatabase();
Console.WriteLine($"redis {redis}, {jobs} jobs per run, median of {runs} runs");
Console.WriteLine("batch | script us/job | redis cpu us/job | script calls/job | commands/job");
foreach (int batch in batches)
{
    var samples = new List<(double Script, double Cpu, double Calls, double Commands)>();
    for (int run = 0; run < runs; run++)
        samples.Add(await DrainAsync(batch, $"sc{batch}-{run}-{Environment.ProcessId}"));
    var median = samples.OrderBy(s => s.Script).ElementAt(samples.Count / 2);
    Console.WriteLine(FormattableString.Invariant(
        $"{batch,5} | {median.Script,13:0.00} | {median.Cpu,16:0.00} | {median.Calls,16:0.000} | {median.Commands,12:0.00}"));
}
return 0;

async Task<(double Script, double Cpu, double Calls, double Commands)> DrainAsync(int batch, string prefix)
{
    await using var broker = new RedisBroker(redis, new RedisBrokerOptions { KeyPrefix = prefix });
    var client = new BrokerTaskClient(broker);
    for (int done = 0; done < jobs; done += 1000)
        await broker.EnqueueManyAsync(Enumerable.Range(0, Math.Min(1000, jobs - done)).Select(i => client.CreateRequest(new Noop(i))).ToList());
    var fetch = new FetchRequest { Queues = [Queue], Count = batch, Lease = TimeSpan.FromMinutes(5), WorkerId = "script-cost" };
    await admin.ExecuteAsync("CONFIG", "RESETSTAT");
    double cpuBefore = await CpuSecondsAsync();
    var held = (await broker.FetchAsync(fetch)).Jobs;
    int drained = 0;
    while (held.Count > 0)
    {
        drained += held.Count;
        var acks = held.Select(j => new JobAck { Lease = j.Lease }).ToList();
        var reply = await broker.AckAndFetchAsync(acks, fetch);
        if (reply.Refused.Count > 0)
            throw new InvalidOperationException($"{reply.Refused.Count} acks were refused.");
        held = reply.Next.Jobs;
    }
    double cpu = await CpuSecondsAsync() - cpuBefore;
    if (drained != jobs)
        throw new InvalidOperationException($"Drained {drained} of {jobs} jobs.");
    var stats = await CommandStatsAsync();
    var (calls, scriptUsec) = stats.TryGetValue("evalsha", out var evalsha) ? evalsha : (0, 0);
    long commands = stats.Where(s => s.Key is not ("evalsha" or "info" or "config|resetstat")).Sum(s => s.Value.Calls);
    return (scriptUsec / (double)jobs, cpu * 1e6 / jobs, calls / (double)jobs, commands / (double)jobs);
}

async Task<double> CpuSecondsAsync()
{
    string info = (string)(await admin.ExecuteAsync("INFO", "cpu"))!;
    return info.Split("\r\n")
        .Where(l => l.StartsWith("used_cpu_user:", StringComparison.Ordinal) || l.StartsWith("used_cpu_sys:", StringComparison.Ordinal))
        .Sum(l => double.Parse(l[(l.IndexOf(':') + 1)..], CultureInfo.InvariantCulture));
}

// cmdstat_<name>:calls=<n>,usec=<n>,... per command run, inside scripts included.
async Task<Dictionary<string, (long Calls, long Usec)>> CommandStatsAsync()
{
    string info = (string)(await admin.ExecuteAsync("INFO", "commandstats"))!;
    var stats = new Dictionary<string, (long, long)>();
    foreach (string line in info.Split("\r\n").Where(l => l.StartsWith("cmdstat_", StringComparison.Ordinal)))
    {
        string name = line["cmdstat_".Length..line.IndexOf(':')];
        var fields = line[(line.IndexOf(':') + 1)..].Split(',').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
        stats[name] = (long.Parse(fields["calls"], CultureInfo.InvariantCulture), long.Parse(fields["usec"], CultureInfo.InvariantCulture));
    }
    return stats;
}

string? Option(string name)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
