using System.Reflection;
using Xunit;

namespace TypedTasks.Generators.Tests;

public sealed class RoundTripTests
{
    internal static readonly Lazy<Assembly> Shapes = new(() => GeneratorHarness.Load("Shapes", TaskShapes.Source));

    public static IEnumerable<object[]> TaskTypes() =>
        Shapes.Value.GetTypes().Where(t => typeof(IBacktask).IsAssignableFrom(t)).OrderBy(t => t.FullName).Select(t => new object[] { t.FullName! });

    [Fact]
    public void Every_declared_task_shape_is_generated()
    {
        var tasks = TaskTypes().ToList();
        Assert.True(tasks.Count >= 30, $"only {tasks.Count} task shapes");
        var registered = TaskRegistry.Default.Tasks.Select(t => t.TypeName).ToHashSet();
        Assert.All(tasks, t => Assert.Contains((string)t[0], registered));
    }

    [Theory]
    [MemberData(nameof(TaskTypes))]
    public void A_task_reads_back_what_it_wrote(string typeName)
    {
        var type = Shapes.Value.GetType(typeName)!;
        var sample = GeneratedTasks.Sample(type)!;

        byte[] bytes = GeneratedTasks.Write(sample);
        var read = GeneratedTasks.Read(type, bytes);

        Assert.Equal(bytes, GeneratedTasks.Write(read));
        Assert.Equal(sample.ToString(), read.ToString());
    }

    [Fact]
    public void Values_survive_in_detail()
    {
        var times = Shapes.Value.GetType("Shapes.Times")!;
        dynamic read = GeneratedTasks.Read(times, GeneratedTasks.Write(GeneratedTasks.Sample(times)!));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)), (DateTimeOffset)read.When);
        Assert.Equal(TimeSpan.FromHours(2), ((DateTimeOffset)read.When).Offset);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)read.At).Kind);

        var tree = Shapes.Value.GetType("Shapes.WithTree")!;
        dynamic root = GeneratedTasks.Read(tree, GeneratedTasks.Write(GeneratedTasks.Sample(tree)!));
        Assert.Equal("leaf", (string)root.Root.Children[0].Name);

        var mixed = Shapes.Value.GetType("Shapes.MixedInit")!;
        dynamic init = GeneratedTasks.Read(mixed, GeneratedTasks.Write(GeneratedTasks.Sample(mixed)!));
        Assert.Equal("set", (string)init.Extra);
        Assert.Equal(4, (int?)init.Optional);

        var ignored = Shapes.Value.GetType("Shapes.Ignored")!;
        var instance = Activator.CreateInstance(ignored, 9, "changed")!;
        ignored.GetProperty("Transient")!.SetValue(instance, 5);
        dynamic back = GeneratedTasks.Read(ignored, GeneratedTasks.Write(instance));
        Assert.Equal(9, (int)back.Kept);
        Assert.Equal("gone", (string)back.Skipped);
        Assert.Equal(0, (int)back.Transient);
    }

    [Fact]
    public void Names_and_options_come_from_the_type_and_its_attribute()
    {
        var attributed = Shapes.Value.GetType("Shapes.Attributed")!;
        Assert.Equal("shapes.attributed", GeneratedTasks.Name(attributed));
        var options = GeneratedTasks.Options(attributed);
        Assert.Equal("q1", options.Queue);
        Assert.Equal(3, options.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
        Assert.True(options.Unique);
        Assert.Equal(TimeSpan.FromSeconds(60), options.UniqueFor);
        Assert.Equal(UniqueMode.UntilStarted, options.UniqueMode);
        Assert.Equal(TimeSpan.FromSeconds(120), options.KeepResultFor);
        Assert.Equal(TimeSpan.FromSeconds(6), options.Backoff!(3));
        Assert.Equal(Retention.KeepAll, options.Retention);

        Assert.Equal("Shapes.Outer.Inner", GeneratedTasks.Name(Shapes.Value.GetType("Shapes.Outer+Inner")!));
        Assert.Equal("GlobalTask", GeneratedTasks.Name(Shapes.Value.GetType("GlobalTask")!));
        var plain = GeneratedTasks.Options(Shapes.Value.GetType("Shapes.Ints")!);
        Assert.Equal(("default", 25, null, (Retention?)null), (plain.Queue, plain.MaxRetries, plain.Timeout, plain.Retention));
    }

    [Fact]
    public void Perform_methods_are_generated_for_every_task()
    {
        var extensions = Shapes.Value.GetType("Shapes.OuterInnerExtensions")!;
        var names = extensions.GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).ToList();
        Assert.Equal(2, names.Count(n => n == "PerformAsync"));
        Assert.Equal(2, names.Count(n => n == "PerformIn"));
        Assert.Equal(2, names.Count(n => n == "PerformAt"));
        Assert.NotNull(Shapes.Value.GetType("GlobalTaskExtensions"));
    }
}
