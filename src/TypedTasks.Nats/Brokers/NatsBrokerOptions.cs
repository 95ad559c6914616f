using System.Text.RegularExpressions;
using NATS.Client.Core;

namespace TypedTasks.Nats;

/// <summary>Settings of <see cref="NatsBroker"/>: where its buckets live, how they are replicated, how it connects.</summary>
public sealed partial class NatsBrokerOptions : BrokerOptions
{
    /// <summary>
    /// The prefix of the broker's key-value buckets (<c>typedtasks</c>: <c>typedtasks_jobs</c>, <c>typedtasks_meta</c>,
    /// ...), so several applications can share one NATS account without seeing each other's jobs. 1 to 40 letters,
    /// digits, '-' or '_'.
    /// </summary>
    public string Prefix { get; init; } = "typedtasks";

    /// <summary>
    /// How many JetStream servers hold a copy of every bucket: 1 on a single server, 3 on a cluster so a job survives
    /// the loss of a server (R3). Applied when the buckets are created; 1 to 5.
    /// </summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Keeps the buckets in memory instead of files: faster, but a server restart loses every job. Off by default.</summary>
    public bool MemoryStorage { get; init; }

    /// <summary>
    /// How often, at most, expired leases of a queue are recovered across all nodes: a timestamp entry per queue,
    /// updated by compare-and-set, lets one call per interval do the work. <see cref="TimeSpan.Zero"/> removes the gate.
    /// </summary>
    public TimeSpan RecoverInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The user name, with <see cref="Password"/>, when the server asks for one (used only on a connection the broker makes).</summary>
    public string? Username { get; init; }

    /// <summary>The password of <see cref="Username"/>.</summary>
    public string? Password { get; init; }

    /// <summary>An authentication token, when the server uses token authentication.</summary>
    public string? Token { get; init; }

    /// <summary>A <c>.creds</c> file (JWT and NKey seed) for decentralized authentication.</summary>
    public string? CredentialsFile { get; init; }

    /// <summary>Requires TLS on the connection the broker makes (a <c>tls://</c> URL does too).</summary>
    public bool RequireTls { get; init; }

    /// <summary>A PEM file of the certificate authorities that sign the server's certificate, when they are not the system's.</summary>
    public string? TlsCaFile { get; init; }

    /// <summary>
    /// Adjusts the connection options the broker builds from the URL and the settings above (client certificates, a
    /// connection name, timeouts) before it connects. Not used with a connection of the app's own.
    /// </summary>
    public Func<NatsOpts, NatsOpts>? ConfigureConnection { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (Prefix is null || !PrefixPattern().IsMatch(Prefix))
            throw new ArgumentException($"Prefix '{Prefix}' must have 1 to 40 letters, digits, '-' or '_'.", nameof(Prefix));
        if (Replicas is < 1 or > 5)
            throw new ArgumentOutOfRangeException(nameof(Replicas), Replicas, "Replicas must be 1 to 5 (JetStream's limit); use 3 on a cluster.");
        if (RecoverInterval < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(RecoverInterval), RecoverInterval, "RecoverInterval must be zero or positive.");
        if (Password is not null && Username is null)
            throw new ArgumentException("A Password needs a Username.", nameof(Password));
    }

    /// <summary>The connection options for <paramref name="url"/> with these settings.</summary>
    internal NatsOpts ConnectionOptions(string url)
    {
        var opts = NatsOpts.Default with
        {
            Url = url,
            Name = "typedtasks",
            AuthOpts = NatsAuthOpts.Default with { Username = Username, Password = Password, Token = Token, CredsFile = CredentialsFile },
            TlsOpts = NatsTlsOpts.Default with
            {
                Mode = RequireTls ? TlsMode.Require : TlsMode.Auto,
                CaFile = TlsCaFile,
            },
        };
        return ConfigureConnection is null ? opts : ConfigureConnection(opts);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex PrefixPattern();
}
