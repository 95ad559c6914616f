using MessagePack;
using TypedTasks.Serialization;
using TypedTasks.Tests.MessagePack;
using Xunit;

namespace TypedTasks.Tests.Serialization;

/// <summary>A payload read by the task's generated reader and written again, as tools show it.</summary>
public sealed class TaskDescriptorRewriteTests
{
    private static readonly TaskDescriptor s_task = TaskDescriptor.For<Note>();

    [Fact]
    public void Unknown_members_are_dropped_and_the_rest_keeps_its_values()
    {
        byte[] payload = Msgpack.Write((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(2);
            w.Write("Added");
            w.Write(7);
            w.Write("Text");
            w.Write("hi");
        });

        Assert.Equal("""{"Text":"hi"}""", MessagePackJson.ToJson(s_task.Rewrite(payload), indented: false));
    }

    [Fact]
    public void A_payload_the_task_cannot_read_fails_with_the_task_payload_error()
    {
        byte[] payload = Msgpack.Write((ref MessagePackWriter w) => w.WriteMapHeader(0));

        var error = Assert.Throws<TaskPayloadException>(() => s_task.Rewrite(payload));
        Assert.Contains("Text", error.Message);
    }

    private sealed record Note(string Text) : IGeneratedTask<Note>
    {
        public static string Name => "test.note";

        public static TaskOptions Options { get; } = new();

        public static void Write(ref MessagePackWriter writer, Note task)
        {
            writer.WriteMapHeader(1);
            writer.Write("Text");
            writer.Write(task.Text);
        }

        public static Note Read(ref MessagePackReader reader)
        {
            int count = reader.ReadMapHeader();
            string? text = null;
            for (int i = 0; i < count; i++)
            {
                if (reader.ReadString() == "Text")
                    text = reader.ReadString();
                else
                    reader.Skip();
            }
            return new Note(text ?? throw TaskPayloadException.MissingMember(Name, "Text"));
        }

        public static ValueTask<byte[]?> RunAsync(Note task, TaskContext context, CancellationToken cancellationToken) => default;
    }
}
