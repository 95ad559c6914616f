namespace TypedTasks.Cli;

/// <summary>The exit codes scripts can rely on.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>A job, queue or task named on the command line does not exist (or is not in the state the command needs).</summary>
    public const int NotFound = 1;

    /// <summary>The command line, the configuration file, the assembly or the task's JSON is wrong.</summary>
    public const int Usage = 2;

    /// <summary>The broker cannot be reached.</summary>
    public const int Unreachable = 3;

    /// <summary>Anything else went wrong (a bug or a broker error); stderr says what.</summary>
    public const int Failed = 4;
}
