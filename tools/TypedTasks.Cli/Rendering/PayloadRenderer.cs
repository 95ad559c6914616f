using System.Text.Json.Nodes;
using TypedTasks.Cli.Registry;

namespace TypedTasks.Cli.Rendering;

/// <summary>A job's arguments as JSON, and how they were read.</summary>
/// <param name="Args">The arguments; <see langword="null"/> when they could not be read.</param>
/// <param name="Source"><c>registry</c> (read by the task's generated reader) or <c>msgpack</c> (rendered generically).</param>
/// <param name="Error">Why the payload could not be read as its task, or at all.</param>
internal sealed record RenderedPayload(JsonNode? Args, string Source, string? Error);

/// <summary>
/// Renders a job's envelope: through the app's registry when <c>--assembly</c> knows the task (the generated reader
/// checks the payload, and the JSON has the task's member types: dates, enums by name), else generically from MessagePack.
/// </summary>
internal sealed class PayloadRenderer(AppTasks? app)
{
    public RenderedPayload Render(JobInfo job)
    {
        JobEnvelope envelope;
        try
        {
            envelope = JobEnvelopeCodec.Decode(job.Envelope);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new RenderedPayload(null, "msgpack", "The envelope cannot be read: " + e.Message);
        }
        string? registryError = null;
        if (app?.Find(envelope.Name) is { } codec)
        {
            try
            {
                return new RenderedPayload(codec.PayloadToJson(envelope.Args), "registry", null);
            }
            catch (Exception e) when (e is TaskPayloadException or NotSupportedException or System.Text.Json.JsonException)
            {
                // The task's reader refused the payload, or a member's type has no JSON form: show the raw payload.
                registryError = e.Message;
            }
        }
        else if (app is not null)
        {
            registryError = $"Task {envelope.Name} is not in the registry of --assembly.";
        }
        try
        {
            return new RenderedPayload(MessagePackNodes.Render(envelope.Args), "msgpack", registryError);
        }
        catch (Exception e) when (e is MessagePack.MessagePackSerializationException or EndOfStreamException)
        {
            return new RenderedPayload(null, "msgpack", "The payload is not valid MessagePack: " + e.Message);
        }
    }
}
