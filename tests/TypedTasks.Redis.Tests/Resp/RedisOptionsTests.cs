using TypedTasks.Redis.Resp;
using Xunit;

namespace TypedTasks.Redis.Tests.Resp;

public sealed class RedisOptionsTests
{
    [Fact]
    public void StackExchange_style_connection_strings_are_parsed()
    {
        var options = RedisOptions.Parse("cache1:6380, cache2 ,user=app,password=p=w,ssl=true,sslHost=redis.example,db=2,connectTimeout=1500,syncTimeout=2500,name=worker,abortConnect=false");

        Assert.Equal([("cache1", 6380), ("cache2", 6379)], options.Endpoints);
        Assert.Equal(("app", "p=w", true, "redis.example", 2, "worker"), (options.User, options.Password, options.Ssl, options.SslHost, options.Database, options.ClientName));
        Assert.Equal((TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(2500)), (options.ConnectTimeout, options.SyncTimeout));
    }

    [Fact]
    public void Redis_uris_are_parsed()
    {
        var options = RedisOptions.Parse("rediss://bob:s%40fe@host.example:6390/4");

        Assert.Equal([("host.example", 6390)], options.Endpoints);
        Assert.Equal(("bob", "s@fe", true, 4), (options.User, options.Password, options.Ssl, options.Database));
        Assert.Equal("only", RedisOptions.Parse("redis://:only@localhost").Password);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("host:notaport", "is not host:port")]
    [InlineData("host:6379,colour=blue", "Unknown Redis connection-string option 'colour'")]
    [InlineData("host:6379,db=x", "db=x is not a number")]
    [InlineData("password=secret", "names no host")]
    public void Malformed_connection_strings_say_what_is_wrong(string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => RedisOptions.Parse(text));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }
}
