using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using TypedTasks.Redis.Resp;

// Our RESP client against redis-benchmark on one redis-server started here (no persistence, loopback):
//   dotnet run -c Release --project bench/TypedTasks.RedisThroughput -- [requests] [--write bench/README.md]
// Every row is the median of three runs (the build machine is shared, single runs swing by 2x). With --write, the table
// replaces the one in the README's "RESP client" section.
int requests = args.Length > 0 && int.TryParse(args[0], out int n) ? n : 200_000;
int writeAt = Array.IndexOf(args, "--write");
string? readme = writeAt >= 0 && writeAt + 1 < args.Length ? args[writeAt + 1] : null;
int port = FreePort();
string dir = Directory.CreateTempSubdirectory("tt-resp-bench").FullName;
using var server = Process.Start(new ProcessStartInfo("redis-server", $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no --dir {dir}")
{ RedirectStandardOutput = true })!;
try
{
    await WaitForServer(port);
    // Each of our rows is also compared with redis-benchmark in the same shape: as many commands in flight, on as
    // many connections (one caller awaiting each command = -c 1; 64 callers on one connection = -c 1 -P 64).
    var rows = new List<(string Name, double PerSecond, string? SameShape)>();
    foreach (string test in new[] { "ping", "lpush" })
    {
        rows.Add(($"redis-benchmark {test} (50 clients)", Median(() => RedisBenchmark(port, test, requests, clients: 50, pipeline: 1)), null));
        rows.Add(($"redis-benchmark {test} -P 16", Median(() => RedisBenchmark(port, test, requests, clients: 50, pipeline: 16)), null));
        foreach (var (clients, pipeline) in new[] { (1, 1), (1, 16), (1, 64), (64, 16) })
            rows.Add((SameShape(test, clients, pipeline), Median(() => RedisBenchmark(port, test, clients * pipeline == 1 ? requests / 10 : requests, clients, pipeline)), null));
        await using var client = new RedisClient($"127.0.0.1:{port}");
        await Command(client, test, 0);
        rows.Add(($"TypedTasks {test}: sequential awaits", await Measure(requests / 10, async count =>
        {
            for (int i = 0; i < count; i++)
                await Command(client, test, i);
        }), SameShape(test, 1, 1)));
        rows.Add(($"TypedTasks {test}: 64 concurrent callers, one connection", await Measure(requests, async count =>
        {
            await Task.WhenAll(Enumerable.Range(0, 64).Select(caller => Task.Run(async () =>
            {
                for (int i = caller; i < count; i += 64)
                    await Command(client, test, i);
            })));
        }), SameShape(test, 1, 64)));
        rows.Add(($"TypedTasks {test}: pipelines of 16", await Measure(requests, async count =>
        {
            for (int i = 0; i < count; i += 16)
            {
                var batch = client.CreateBatch();
                var replies = new Task<RedisValue>[16];
                for (int j = 0; j < 16; j++)
                    replies[j] = test == "ping" ? batch.ExecuteAsync("PING", []) : batch.ExecuteAsync("LPUSH", ["bench:list", "xxx"]);
                await batch.ExecuteAsync();
            }
        }), SameShape(test, 1, 16)));
        rows.Add(($"TypedTasks {test}: 64 callers × pipelines of 16", await Measure(requests, async count =>
        {
            await Task.WhenAll(Enumerable.Range(0, 64).Select(caller => Task.Run(async () =>
            {
                for (int i = caller * 16; i < count; i += 64 * 16)
                {
                    var batch = client.CreateBatch();
                    for (int j = 0; j < 16; j++)
                        _ = test == "ping" ? batch.ExecuteAsync("PING", []) : batch.ExecuteAsync("LPUSH", ["bench:list", "xxx"]);
                    await batch.ExecuteAsync();
                }
            })));
        }), SameShape(test, 64, 16)));
    }

    var table = new System.Text.StringBuilder();
    table.AppendLine("| Test | Requests/s | vs redis-benchmark -P 16 | vs redis-benchmark, same shape |");
    table.AppendLine("| --- | ---: | ---: | ---: |");
    foreach (var row in rows)
    {
        string test = row.Name.Contains("ping") ? "ping" : "lpush";
        double reference = rows.First(r => r.Name == $"redis-benchmark {test} -P 16").PerSecond;
        string sameShape = row.SameShape is null ? "" : $"{row.PerSecond / rows.First(r => r.Name == row.SameShape).PerSecond:P0} of `{row.SameShape[16..]}`";
        table.AppendLine($"| {row.Name} | {row.PerSecond:N0} | {row.PerSecond / reference:P0} | {sameShape} |");
    }
    Console.WriteLine(table);
    if (readme is not null)
        WriteTable(readme, table.ToString());
}
finally
{
    server.Kill();
    Directory.Delete(dir, recursive: true);
}

static Task<RedisValue> Command(RedisClient client, string test, int i) =>
    test == "ping" ? client.ExecuteAsync("PING", []) : client.ExecuteAsync("LPUSH", ["bench:list", "xxx"]);

static async Task<double> Measure(int count, Func<int, Task> run)
{
    await run(Math.Min(count, 2000));
    var rates = new double[3];
    for (int i = 0; i < rates.Length; i++)
    {
        var stopwatch = Stopwatch.StartNew();
        await run(count);
        rates[i] = count / stopwatch.Elapsed.TotalSeconds;
    }
    Array.Sort(rates);
    return rates[1];
}

static double Median(Func<double> measure)
{
    double[] rates = [measure(), measure(), measure()];
    Array.Sort(rates);
    return rates[1];
}

// Replaces the first table after the "## RESP client" heading; the prose around it is kept.
static void WriteTable(string path, string table)
{
    var lines = File.ReadAllLines(path).ToList();
    int section = lines.FindIndex(l => l.Trim() == "## RESP client");
    int start = section < 0 ? -1 : lines.FindIndex(section, l => l.StartsWith("| Test |", StringComparison.Ordinal));
    if (start < 0)
        throw new InvalidOperationException($"{path} has no table under '## RESP client' to replace.");
    int end = start;
    while (end < lines.Count && lines[end].StartsWith('|'))
        end++;
    lines.RemoveRange(start, end - start);
    lines.InsertRange(start, table.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')));
    File.WriteAllLines(path, lines);
    Console.WriteLine($"Wrote the table into {path}.");
}

static string SameShape(string test, int clients, int pipeline) => $"redis-benchmark {test} -c {clients} -P {pipeline}";

static double RedisBenchmark(int port, string test, int requests, int clients, int pipeline)
{
    var start = new ProcessStartInfo("redis-benchmark", $"-p {port} -q -t {test} -n {requests} -c {clients} -P {pipeline}") { RedirectStandardOutput = true };
    using var process = Process.Start(start)!;
    string output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    var match = Regex.Matches(output, @"([\d.]+) requests per second").LastOrDefault()
        ?? throw new InvalidOperationException("redis-benchmark printed no rate: " + output);
    return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
}

static async Task WaitForServer(int port)
{
    for (int i = 0; i < 100; i++)
    {
        try
        {
            using var socket = new TcpClient();
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return;
        }
        catch (SocketException)
        {
            await Task.Delay(50);
        }
    }
    throw new TimeoutException("redis-server did not start.");
}

static int FreePort()
{
    var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    int port = ((IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}
