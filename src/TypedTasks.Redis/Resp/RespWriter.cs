using System.Buffers;
using System.Buffers.Text;

namespace TypedTasks.Redis.Resp;

/// <summary>Encodes commands as RESP arrays of bulk strings.</summary>
internal static class RespWriter
{
    public static void WriteCommand(IBufferWriter<byte> output, string command, IReadOnlyList<RedisArg> args)
    {
        WriteHeader(output, (byte)'*', 1 + args.Count);
        RedisArg.From(command).WriteTo(output);
        for (int i = 0; i < args.Count; i++)
            args[i].WriteTo(output);
    }

    public static void WriteBulk(IBufferWriter<byte> output, ReadOnlySpan<byte> value)
    {
        WriteBulkHeader(output, value.Length);
        output.Write(value);
        WriteCrlf(output);
    }

    public static void WriteBulkHeader(IBufferWriter<byte> output, int length) => WriteHeader(output, (byte)'$', length);

    public static void WriteCrlf(IBufferWriter<byte> output)
    {
        var span = output.GetSpan(2);
        span[0] = (byte)'\r';
        span[1] = (byte)'\n';
        output.Advance(2);
    }

    private static void WriteHeader(IBufferWriter<byte> output, byte prefix, int count)
    {
        var span = output.GetSpan(16);
        span[0] = prefix;
        Utf8Formatter.TryFormat(count, span[1..], out int written);
        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        output.Advance(3 + written);
    }
}
