using TypedTasks.Brokers;
using Xunit;

namespace TypedTasks.Hosting.Tests;

/// <summary>
/// A bulk enqueue through the host's client runs the enqueue middleware around each job, as a single enqueue does, and
/// still stores the jobs that reach the broker in one bulk call.
/// </summary>
public sealed class BulkEnqueueMiddlewareTests
{
    private static Task<TestHost> StartAsync(params IEnqueueMiddleware[] middleware) =>
        TestHost.StartAsync(o => o.UseInMemory(), configure: b =>
        {
            foreach (var m in middleware)
                b.AddEnqueueMiddleware(m);
        }, addWorker: false);

    [Fact]
    public async Task Every_job_passes_the_middleware_and_all_reach_the_broker_before_any_returns()
    {
        var log = new List<string>();
        await using var host = await StartAsync(new Logging(log));

        var ids = await host.Client.PerformManyAsync(new[] { new Greet("a"), new Greet("b"), new Greet("c") });

        // The jobs' continuations after the bulk call run on the thread pool, so the "after" lines come in any order.
        Assert.Equal(ids.Select(id => $"before {id}"), log.Take(3));
        Assert.Equal(ids.Select(id => $"after {id}").Order(), log.Skip(3).Order());
        Assert.Equal(ids, (await host.Broker.FetchAsync(new FetchRequest { Queues = ["q"], Count = 10 })).Jobs.Select(j => j.Id));
    }

    [Fact]
    public async Task A_middleware_that_refuses_one_job_refuses_the_batch_and_nothing_is_stored()
    {
        await using var host = await StartAsync(new Logging([]), new RefuseWho("b"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            host.Client.PerformManyAsync(new[] { new Greet("a"), new Greet("b"), new Greet("c") }).AsTask());

        Assert.Equal("no b", error.Message);
        Assert.Equal(0, (await host.Broker.GetQueueStatsAsync("q")).Pending);
    }

    [Fact]
    public async Task A_middleware_that_answers_for_a_job_keeps_it_out_and_its_answer_is_the_id()
    {
        var known = new JobId("already-there");
        await using var host = await StartAsync(new AnswerFor("b", known));

        var ids = await host.Client.PerformManyAsync(new[] { new Greet("a"), new Greet("b"), new Greet("c") });

        Assert.Equal(known, ids[1]);
        var stored = (await host.Broker.FetchAsync(new FetchRequest { Queues = ["q"], Count = 10 })).Jobs.Select(j => j.Id);
        Assert.Equal([ids[0], ids[2]], stored);
    }

    private static string Who(EnqueueContext context) =>
        TaskDescriptor.Decode<Greet>(JobEnvelopeCodec.Decode(context.Request.Envelope).Args).Who;

    private sealed class Logging(List<string> log) : IEnqueueMiddleware
    {
        public async ValueTask<EnqueueResult> InvokeAsync(EnqueueContext context, EnqueueDelegate next)
        {
            lock (log) log.Add($"before {context.Request.Id}");
            var result = await next(context);
            lock (log) log.Add($"after {context.Request.Id}");
            return result;
        }
    }

    private sealed class RefuseWho(string who) : IEnqueueMiddleware
    {
        public async ValueTask<EnqueueResult> InvokeAsync(EnqueueContext context, EnqueueDelegate next)
        {
            await Task.Yield();
            if (Who(context) == who)
                throw new InvalidOperationException($"no {who}");
            return await next(context);
        }
    }

    private sealed class AnswerFor(string who, JobId id) : IEnqueueMiddleware
    {
        public ValueTask<EnqueueResult> InvokeAsync(EnqueueContext context, EnqueueDelegate next) =>
            Who(context) == who ? new(new EnqueueResult(id, Duplicate: true)) : next(context);
    }
}
