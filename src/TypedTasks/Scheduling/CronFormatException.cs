namespace TypedTasks.Scheduling;

/// <summary>A cron expression that cannot be parsed; the message names the field and the token.</summary>
public sealed class CronFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public CronFormatException(string message) : base(message) { }
}
