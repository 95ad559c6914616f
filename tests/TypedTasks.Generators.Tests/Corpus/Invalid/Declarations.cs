// Invalid corpus: task declarations the generator cannot generate, each explained by the analyzers.
using System.Threading.Tasks;
using TypedTasks;

namespace Corpus.InvalidDeclarations
{
    public record NotPartial(int A) : IBacktask // TT1001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record Generic<T>(int A) : IBacktask // TT1002
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record NoRunAsync(int A) : IBacktask; // TT1003

    public partial class Container
    {
        private partial record Hidden(int A) : IBacktask // TT1004
        { public Task RunAsync() => Task.CompletedTask; }
    }

    public abstract partial record Abstract(int A) : IBacktask // TT1005
    { public Task RunAsync() => Task.CompletedTask; }

    [Backtask(Name = "not valid")] // TT3002
    public partial record BadName(int A) : IBacktask
    { public Task RunAsync() => Task.CompletedTask; }

    [Backtask(Name = "corpus.same")] // TT3001
    public partial record SameNameOne(int A) : IBacktask
    { public Task RunAsync() => Task.CompletedTask; }

    [Backtask(Name = "corpus.same")] // TT3001
    public partial record SameNameTwo(int A) : IBacktask
    { public Task RunAsync() => Task.CompletedTask; }
}
