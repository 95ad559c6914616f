namespace TypedTasks;

/// <summary>
/// Marks a <c>partial record</c> (or record struct / class) as a background task. The TypedTasks source generator
/// emits its MessagePack serializer, its registry entry and the <c>PerformAsync</c>/<c>PerformIn</c>/<c>PerformAt</c>
/// extension methods. The type must declare a <c>RunAsync</c> method whose parameters are services,
/// <see cref="TaskContext"/> or <see cref="System.Threading.CancellationToken"/>.
/// </summary>
public interface IBacktask
{
}
