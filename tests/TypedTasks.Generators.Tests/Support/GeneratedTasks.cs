using System.Buffers;
using System.Reflection;
using MessagePack;

namespace TypedTasks.Generators.Tests;

/// <summary>Calls the static members a generated task implements, for a task type known only at run time.</summary>
public static class GeneratedTasks
{
    public static byte[] Write(object task) => (byte[])Call(nameof(WriteCore), task.GetType(), task)!;

    public static object Read(Type type, byte[] bytes) => Call(nameof(ReadCore), type, bytes)!;

    /// <summary>The generated reader of <paramref name="type"/> as a delegate, for tests that read many payloads.</summary>
    public static Func<byte[], object> Reader(Type type) =>
        typeof(GeneratedTasks).GetMethod(nameof(ReadCore), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type)
            .CreateDelegate<Func<byte[], object>>();

    public static string Name(Type type) => (string)Call(nameof(NameCore), type)!;

    public static TaskOptions Options(Type type) => (TaskOptions)Call(nameof(OptionsCore), type)!;

    public static TaskDescriptor Descriptor(Type type) => (TaskDescriptor)Call(nameof(DescriptorCore), type)!;

    public static object? Sample(Type type) => type.GetProperty("Sample", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);

    private static object? Call(string method, Type type, params object[] args)
    {
        try
        {
            return typeof(GeneratedTasks).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type).Invoke(null, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static byte[] WriteCore<T>(T task) where T : IGeneratedTask<T>
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        T.Write(ref writer, task);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static object ReadCore<T>(byte[] bytes) where T : IGeneratedTask<T> => TaskDescriptor.Decode<T>(bytes)!;

    private static string NameCore<T>() where T : IGeneratedTask<T> => T.Name;

    private static TaskOptions OptionsCore<T>() where T : IGeneratedTask<T> => T.Options;

    private static TaskDescriptor DescriptorCore<T>() where T : IGeneratedTask<T> => TaskDescriptor.For<T>();
}
