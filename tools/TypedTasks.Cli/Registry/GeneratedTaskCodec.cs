using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using TypedTasks.Brokers;

namespace TypedTasks.Cli.Registry;

/// <summary>
/// The <see cref="ITaskCodec"/> of generated task <typeparamref name="TTask"/>. Payloads are read and written only by
/// the task's generated code (so what the tool enqueues is byte for byte what the app's <c>PerformAsync</c> would);
/// JSON is mapped to and from the task object by System.Text.Json with strict settings: unknown members, a missing
/// constructor parameter, <c>null</c> for a non-nullable member and values of the wrong type are errors.
/// </summary>
internal sealed class GeneratedTaskCodec<TTask> : ITaskCodec
    where TTask : IGeneratedTask<TTask>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.General)
    {
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public JsonNode? PayloadToJson(ReadOnlyMemory<byte> args) =>
        JsonSerializer.SerializeToNode(TaskDescriptor.Decode<TTask>(args), s_json);

    public EnqueueRequest CreateRequest(BrokerTaskClient client, string json, string? queue, DateTimeOffset? runAt)
    {
        TTask? task;
        try
        {
            task = JsonSerializer.Deserialize<TTask>(json, s_json);
        }
        catch (JsonException e)
        {
            throw CliException.Usage($"--json is not a valid {TTask.Name} ({typeof(TTask).FullName}): {e.Message}", e);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            // A task's constructor may validate its arguments; its message is the clearest error there is.
            throw CliException.Usage($"--json does not make a valid {TTask.Name}: {e.Message}", e);
        }
        if (task is null)
            throw CliException.Usage($"--json is null; give the members of {TTask.Name} as a JSON object.");
        try
        {
            return client.CreateRequest(task, queue, runAt);
        }
        catch (ArgumentException e)
        {
            throw CliException.Usage(e.Message, e);
        }
    }
}
