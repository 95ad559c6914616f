// Invalid corpus: member types TypedTasks refuses. Each task gets exactly the diagnostic its '// TTnnnn' comment names,
// on that line, and generates nothing (CorpusTests).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using TypedTasks;

namespace Corpus.Invalid
{
    public sealed record Attachment(string Name, Stream Data);
    public abstract class Shape { public int Sides { get; set; } }
    public sealed class Tags : List<string> { }
    public sealed class Counter { private int _count; public void Increment() => _count++; public int Read() => _count; }
    public sealed class NoConstructor { public NoConstructor(int unrelated) { } public int Value { get; } }
    public interface IShape { int Sides { get; } }

    public partial record JsonElementMember(
        JsonElement Document) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record JsonDocumentMember(
        JsonDocument Document) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record JsonNodeMember(
        JsonNode? Node) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record JsonObjectMember(
        JsonObject Object) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record IndexMember(
        Index From) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record RangeMember(
        Range Slice) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record ArraySegmentMember(
        ArraySegment<byte> Bytes) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record LazyMember(
        Lazy<int> Value) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record StringBuilderMember(
        StringBuilder Text) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record TimeZoneMember(
        TimeZoneInfo Zone) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record CultureMember(
        CultureInfo Culture) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record PriorityQueueMember(
        PriorityQueue<string, int> Work) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record VectorMember(
        Vector2 Position) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record GenericVectorMember(
        Vector<float> Values) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record ArrayListMember(
        ArrayList Items) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record HashtableMember(
        Hashtable Items) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record NameValueMember(
        NameValueCollection Items) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record NonGenericEnumerableMember(
        IEnumerable Items) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record AsyncEnumerableMember(
        IAsyncEnumerable<int> Items) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record ComparableMember(
        IComparable Key) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record UserInterfaceMember(
        IShape Shape) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record DoubleKeys(
        Dictionary<double, int> Weights) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record RecordKeys(
        Dictionary<Attachment, int> Counts) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record EightTuple(
        (int, int, int, int, int, int, int, int) Values) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record TupleWithStream(
        (string Name, Stream Data) File) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record KeyValueOfObject(
        KeyValuePair<string, object> Entry) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record ObjectMember(
        object Payload) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record DynamicMember(
        dynamic Payload) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record MultiDimensional(
        int[,] Grid) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record StreamMember(
        Stream Content) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record DelegateMember(
        Func<int> Callback) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record PendingTaskMember(
        Task<int> Pending) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record TypeMember(
        Type Kind) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record ExceptionMember(
        InvalidOperationException Error) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record PointerSizedMember(
        nint Handle) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record NestedStream(
        Attachment File) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record AbstractMember(
        Shape Figure) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record DerivedFromList(
        Tags Labels) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record HiddenState(
        Counter Counter) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record NoConstructorMember(
        NoConstructor Value) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record ImmutableOfObjects(
        ImmutableArray<object> Values) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record MemoryOfStreams(
        ReadOnlyMemory<Stream> Streams) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record QueueOfDelegates(
        Queue<Action> Steps) : IBacktask // TT2001
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record LoggerMember(
        ILogger Log) : IBacktask // TT2002
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record TokenMember(
        CancellationToken Token) : IBacktask // TT2002
    { public Task RunAsync() => Task.CompletedTask; }

    public partial record SameKey(string Name,
        [property: TaskMember("Name")] string Nickname) : IBacktask // TT2004
    { public Task RunAsync() => Task.CompletedTask; }
}
