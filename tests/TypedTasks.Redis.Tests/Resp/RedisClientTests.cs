using System.Diagnostics;
using TypedTasks.Redis.Resp;
using TypedTasks.Redis.Tests.Brokers;
using Xunit;

namespace TypedTasks.Redis.Tests.Resp;

/// <summary>The RESP client against a real redis-server.</summary>
public sealed class RedisClientTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private RedisClient Client => redis.Client;

    private static string Key() => "k" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Every_reply_type_is_read()
    {
        string key = Key(), list = Key();

        var simple = await Client.ExecuteAsync("PING", []);
        Assert.Equal((RedisValueType.SimpleString, "PONG"), (simple.Type, simple.AsString()));
        var integer = await Client.ExecuteAsync("INCRBY", [key, -42]);
        Assert.Equal((RedisValueType.Integer, -42L), (integer.Type, integer.AsInt64()));
        await Client.ExecuteAsync("SET", [key, RedisArg.From(new byte[] { 0, 1, 2, 255 })]);
        var bulk = await Client.ExecuteAsync("GET", [key]);
        Assert.Equal(RedisValueType.BulkString, bulk.Type);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, bulk.AsBytes().ToArray());
        Assert.True((await Client.ExecuteAsync("GET", [Key()])).IsNull);
        await Client.ExecuteAsync("RPUSH", [list, "a", "", "c"]);
        var array = await Client.ExecuteAsync("LRANGE", [list, 0, -1]);
        Assert.Equal(["a", "", "c"], array.Items.ToArray().Select(v => v.AsString()));
        Assert.Equal(0, (await Client.ExecuteAsync("LRANGE", [Key(), 0, -1])).Count);
        var nested = await Client.EvalAsync(new RedisScript("return {1, {'x', {2}}, 'y'}"), [], []);
        Assert.Equal((1L, "x", 2L, "y"), (nested[0].AsInt64(), nested[1][0].AsString(), nested[1][1][0].AsInt64(), nested[2].AsString()));
        var nullArray = await Client.ExecuteBlockingAsync("BLPOP", [Key(), "0.01"]);
        Assert.True(nullArray.IsNull);
        string large = new('z', 1_000_000);
        await Client.ExecuteAsync("SET", [key, large]);
        Assert.Equal(large, (await Client.ExecuteAsync("GET", [key])).AsString());
    }

    [Fact]
    public async Task Error_replies_become_typed_exceptions_with_the_server_message()
    {
        string key = Key();
        await Client.ExecuteAsync("SET", [key, "text"]);

        var wrongType = await Assert.ThrowsAsync<RedisServerException>(() => Client.ExecuteAsync("LPUSH", [key, "x"]));
        Assert.Equal("WRONGTYPE", wrongType.Prefix);
        Assert.StartsWith("WRONGTYPE Operation against a key", wrongType.Message);
        var unknown = await Assert.ThrowsAsync<RedisServerException>(() => Client.ExecuteAsync("NOSUCHCOMMAND", []));
        Assert.Equal("ERR", unknown.Prefix);
        await Assert.ThrowsAsync<RedisNoScriptException>(() => Client.ExecuteAsync("EVALSHA", [new string('0', 40), 0]));
        Assert.Equal("PONG", (await Client.ExecuteAsync("PING", [])).AsString());
    }

    [Fact]
    public async Task Ten_thousand_concurrent_commands_from_64_callers_each_get_their_own_reply()
    {
        int mismatches = 0;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(caller => Task.Run(async () =>
        {
            for (int i = 0; i < 157; i++)
            {
                string value = $"{caller}:{i}";
                var reply = await Client.ExecuteAsync("ECHO", [value]);
                if (reply.AsString() != value)
                    Interlocked.Increment(ref mismatches);
            }
        })));
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public async Task A_batch_goes_out_together_and_each_command_gets_its_reply_in_order()
    {
        string key = Key();
        var batch = Client.CreateBatch();
        var replies = Enumerable.Range(0, 100).Select(_ => batch.ExecuteAsync("INCR", [key])).ToList();
        var failing = batch.ExecuteAsync("HGET", [key, "field"]);

        await batch.ExecuteAsync();

        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), replies.Select(r => r.Result.AsInt64()));
        Assert.Equal("WRONGTYPE", (await Assert.ThrowsAsync<RedisServerException>(() => failing)).Prefix);
    }

    [Fact]
    public async Task Scripts_are_reloaded_after_the_script_cache_is_flushed()
    {
        var script = new RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])");
        string key = Key();
        Assert.Equal(5, (await Client.EvalAsync(script, [key], [5])).AsInt64());

        await Client.ExecuteAsync("SCRIPT", ["FLUSH"]);

        Assert.Equal(12, (await Client.EvalAsync(script, [key], [7])).AsInt64());
        var batch = Client.CreateBatch();
        await Client.ExecuteAsync("SCRIPT", ["FLUSH"]);
        var batched = batch.EvalAsync(script, [key], [1]);
        await batch.ExecuteAsync();
        Assert.Equal(13, (await batched).AsInt64());
    }

    [Fact]
    public async Task The_database_of_the_connection_string_is_used()
    {
        string key = Key();
        await using var db3 = new RedisClient(redis.Server.ConnectionString + ",db=3");
        await db3.ExecuteAsync("SET", [key, "in three"]);

        Assert.True((await Client.ExecuteAsync("GET", [key])).IsNull);
        Assert.Equal("in three", (await db3.ExecuteAsync("GET", [key])).AsString());
        await using var db3Uri = new RedisClient($"redis://127.0.0.1:{redis.Server.Port}/3");
        Assert.Equal("in three", (await db3Uri.ExecuteAsync("GET", [key])).AsString());
    }

    [Fact]
    public async Task A_blocking_command_does_not_hold_up_other_callers()
    {
        string list = Key();
        var blocked = Client.ExecuteBlockingAsync("BLPOP", [list, "5"]);
        var stopwatch = Stopwatch.StartNew();
        for (int i = 0; i < 100; i++)
            await Client.ExecuteAsync("PING", []);
        Assert.True(stopwatch.ElapsedMilliseconds < 1000, $"100 pings took {stopwatch.ElapsedMilliseconds} ms beside a blocked BLPOP");
        Assert.False(blocked.IsCompleted);

        await Client.ExecuteAsync("RPUSH", [list, "wake"]);
        var reply = await blocked;
        Assert.Equal("wake", reply[1].AsString());
    }
}
