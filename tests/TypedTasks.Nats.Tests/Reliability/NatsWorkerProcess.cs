using System.Collections.Concurrent;
using System.Diagnostics;
using Record = TypedTasks.Nats.ReliabilityWorker.Record;

namespace TypedTasks.Nats.Tests.Reliability;

/// <summary>A NATS reliability worker running as its own process, which tests kill for real; its log lines are kept.</summary>
public sealed class NatsWorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private NatsWorkerProcess(Process process)
    {
        _process = process;
        ProcessId = process.Id;
    }

    /// <summary>The process id, which the worker's id contains (<c>machine:pid:suffix</c>).</summary>
    public int ProcessId { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What the worker logged so far.</summary>
    public string Output => string.Join('\n', _output);

    public static NatsWorkerProcess Start(string url, string prefix, int concurrency = 8, int maxStalls = 2, int replicas = 1)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { typeof(Record).Assembly.Location, "--nats", url, "--prefix", prefix,
                     "--concurrency", concurrency.ToString(), "--max-stalls", maxStalls.ToString(), "--replicas", replicas.ToString() })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("The worker process did not start.");
        var worker = new NatsWorkerProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) worker._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) worker._output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>SIGKILL: no shutdown, no requeue, leases left to expire.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
