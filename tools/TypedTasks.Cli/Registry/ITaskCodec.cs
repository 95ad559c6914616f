using System.Text.Json.Nodes;
using TypedTasks.Brokers;

namespace TypedTasks.Cli.Registry;

/// <summary>One task of the app, reached without knowing its type at compile time: its generated reader and writer, and JSON.</summary>
internal interface ITaskCodec
{
    /// <summary>Reads a payload with the task's generated reader and renders the task as JSON.</summary>
    /// <exception cref="TaskPayloadException">The payload is not this task's.</exception>
    JsonNode? PayloadToJson(ReadOnlyMemory<byte> args);

    /// <summary>The broker request enqueueing the task read from <paramref name="json"/>, written by its generated writer.</summary>
    /// <exception cref="CliException">The JSON is invalid for the task (exit code 2).</exception>
    EnqueueRequest CreateRequest(BrokerTaskClient client, string json, string? queue, DateTimeOffset? runAt);
}
