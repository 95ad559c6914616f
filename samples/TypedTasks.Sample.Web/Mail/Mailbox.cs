using System.Collections.Concurrent;

namespace TypedTasks.Sample.Web.Mail;

/// <summary>The messages sent so far, newest last: what the sample's mailer "delivers" to.</summary>
public sealed class Mailbox
{
    private readonly ConcurrentQueue<string> _sent = new();

    /// <summary>Every message sent, as "to: subject".</summary>
    public IReadOnlyList<string> Sent => [.. _sent];

    /// <summary>Records a sent message.</summary>
    public void Add(string to, string subject) => _sent.Enqueue($"{to}: {subject}");
}
