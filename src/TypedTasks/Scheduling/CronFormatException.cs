namespace TypedTasks.Scheduling;

/// <summary>
/// A cron expression that cannot be parsed. The message quotes the expression, names the field and the bad token, and
/// says which values the field accepts.
/// </summary>
public sealed class CronFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and how to write it instead.</param>
    public CronFormatException(string message) : base(message) { }
}
