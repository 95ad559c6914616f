namespace TypedTasks.Redis.Resp;

/// <summary>Anything that went wrong talking to Redis.</summary>
public class RedisException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RedisException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public RedisException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>Redis could not be reached, or the connection dropped before the reply came.</summary>
public sealed class RedisConnectionException : RedisException
{
    /// <summary>Creates the exception.</summary>
    public RedisConnectionException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>No reply came within the command's time limit.</summary>
public sealed class RedisTimeoutException : RedisException
{
    /// <summary>Creates the exception.</summary>
    public RedisTimeoutException(string message) : base(message) { }
}

/// <summary>The server sent bytes that are not valid RESP; the connection was closed.</summary>
public sealed class RedisProtocolException : RedisException
{
    /// <summary>Creates the exception.</summary>
    public RedisProtocolException(string message) : base(message) { }
}

/// <summary>The server answered with an error reply (<c>-ERR ...</c>, <c>-WRONGTYPE ...</c>, ...).</summary>
public class RedisServerException : RedisException
{
    /// <summary>Creates the exception from the server's error text.</summary>
    public RedisServerException(string message) : base(message)
    {
        int space = message.IndexOf(' ');
        Prefix = space < 0 ? message : message[..space];
    }

    /// <summary>The error's first word: <c>ERR</c>, <c>WRONGTYPE</c>, <c>NOSCRIPT</c>, <c>READONLY</c>, <c>LOADING</c>, <c>BUSY</c>, <c>NOAUTH</c>, <c>WRONGPASS</c>…</summary>
    public string Prefix { get; }

    /// <summary>The typed exception for an error reply.</summary>
    public static RedisServerException For(string message)
    {
        int space = message.IndexOf(' ');
        string prefix = space < 0 ? message : message[..space];
        return prefix switch
        {
            "NOSCRIPT" => new RedisNoScriptException(message),
            "NOAUTH" or "WRONGPASS" => new RedisAuthenticationException(message),
            "READONLY" or "LOADING" or "BUSY" or "MASTERDOWN" or "TRYAGAIN" => new RedisUnavailableException(message),
            _ => new RedisServerException(message),
        };
    }
}

/// <summary><c>-NOSCRIPT</c>: the server does not have the script (it was flushed or the server restarted).</summary>
public sealed class RedisNoScriptException(string message) : RedisServerException(message);

/// <summary><c>-NOAUTH</c> / <c>-WRONGPASS</c>: wrong or missing credentials.</summary>
public sealed class RedisAuthenticationException(string message) : RedisServerException(message);

/// <summary><c>-READONLY</c>, <c>-LOADING</c>, <c>-BUSY</c>, <c>-MASTERDOWN</c>, <c>-TRYAGAIN</c>: the server cannot take the command now.</summary>
public sealed class RedisUnavailableException(string message) : RedisServerException(message);
