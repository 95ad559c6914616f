// Valid corpus: a task in the global namespace.
using System.Threading.Tasks;
using TypedTasks;

public partial record CorpusGlobalTask(string Text) : IBacktask
{
    public static CorpusGlobalTask Sample => new("global");
    public Task RunAsync() => Task.CompletedTask;
}
