using System.Collections.Concurrent;
using System.Diagnostics;
using Record = TypedTasks.Postgres.ReliabilityWorker.Record;

namespace TypedTasks.Postgres.Tests.Reliability;

/// <summary>A PostgreSQL reliability worker running as its own process, which tests kill for real; its log lines are kept.</summary>
public sealed class PostgresWorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private PostgresWorkerProcess(Process process)
    {
        _process = process;
        ProcessId = process.Id;
    }

    /// <summary>The process id, which the worker's id contains (<c>machine:pid:suffix</c>).</summary>
    public int ProcessId { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What the worker logged so far.</summary>
    public string Output => string.Join('\n', _output);

    public static PostgresWorkerProcess Start(string connectionString, string schema, int concurrency = 8, int maxStalls = 2)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { typeof(Record).Assembly.Location, "--postgres", connectionString, "--schema", schema,
                     "--concurrency", concurrency.ToString(), "--max-stalls", maxStalls.ToString() })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("The worker process did not start.");
        var worker = new PostgresWorkerProcess(process);
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
