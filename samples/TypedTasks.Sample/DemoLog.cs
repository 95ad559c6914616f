namespace TypedTasks.Sample;

/// <summary>What the demo's jobs did, printed as it happens; the demo ends when it has seen every job it expects.</summary>
public sealed class DemoLog
{
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _expected = int.MaxValue;

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return _lines.ToArray(); }
    }

    public void Expect(int jobs)
    {
        lock (_lines)
        {
            _expected = jobs;
            if (_lines.Count >= _expected)
                _done.TrySetResult();
        }
    }

    public void Ran(string line)
    {
        Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff}  {line}");
        lock (_lines)
        {
            _lines.Add(line);
            if (_lines.Count >= _expected)
                _done.TrySetResult();
        }
    }

    public Task WaitAsync(TimeSpan timeout) => _done.Task.WaitAsync(timeout);
}
