using TypedTasks.Hosting;
using Xunit;

namespace TypedTasks.Testing.Tests;

/// <summary>Jobs run from the stored payload, through the generated serializer: a task that does not survive it fails the test.</summary>
public sealed class SerializationTests
{
    [Fact]
    public async Task A_member_left_out_of_the_payload_is_missing_when_the_job_runs_and_fails_the_run()
    {
        await using var app = await TestApp.StartAsync();
        await new Upload("report.csv", new MemoryStream([1, 2, 3])).PerformAsync(app.Client);

        Assert.Null(app.Testing.AssertEnqueued<Upload>().Task.Content);
        var error = await Assert.ThrowsAsync<JobFailedException>(() => app.Testing.RunAllAsync());

        Assert.IsType<NullReferenceException>(error.InnerException);
        Assert.Empty(app.Outbox.Entries);
    }

    [Fact]
    public async Task A_payload_the_task_cannot_read_sends_the_job_dead_and_fails_the_run()
    {
        await using var app = await TestApp.StartAsync(app: b => b.AddEnqueueMiddleware(new DropMembers()));
        var id = await new SendEmail("a@b.c", "Hi").PerformAsync(app.Client);

        Assert.Throws<TaskPayloadException>(() => app.Testing.Enqueued<SendEmail>());
        var error = await Assert.ThrowsAsync<JobFailedException>(() => app.Testing.RunAllAsync());

        Assert.Equal(JobOutcome.Dead, error.Run.Outcome);
        Assert.IsType<TaskPayloadException>(error.InnerException);
        Assert.Equal(JobState.Dead, (await app.Client.GetJobAsync(id))!.State);
    }

    /// <summary>Stores every job with an empty argument map, as an incompatible producer would.</summary>
    private sealed class DropMembers : IEnqueueMiddleware
    {
        public ValueTask<EnqueueResult> InvokeAsync(EnqueueContext context, EnqueueDelegate next)
        {
            var envelope = JobEnvelopeCodec.Decode(context.Request.Envelope) with { Args = new byte[] { 0x80 } };
            context.Request = context.Request with { Envelope = JobEnvelopeCodec.Encode(envelope) };
            return next(context);
        }
    }
}
