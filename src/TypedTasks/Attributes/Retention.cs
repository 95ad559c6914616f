namespace TypedTasks;

/// <summary>What happens to finished jobs (Backie's retention modes).</summary>
public enum Retention
{
    /// <summary>Succeeded jobs are removed at once (unless they keep a result); failed jobs stay in the dead set. The default.</summary>
    RemoveFinished = 0,

    /// <summary>Succeeded jobs are kept for <see cref="TaskOptions.KeepAllFor"/>; failed jobs stay in the dead set.</summary>
    KeepAll = 1,

    /// <summary>Succeeded and failed jobs are both removed once they end.</summary>
    RemoveAll = 2,
}
