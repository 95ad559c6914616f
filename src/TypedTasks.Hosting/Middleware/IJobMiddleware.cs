namespace TypedTasks.Hosting;

/// <summary>Runs the rest of the job pipeline (the next middleware, or the task itself).</summary>
public delegate ValueTask JobDelegate(JobExecutionContext context);

/// <summary>
/// Code around every job's execution in the worker (Sidekiq's server middleware): logging, metrics, tenancy,
/// error reporting. Call <c>next(context)</c> to run the job; throw to fail it.
/// </summary>
public interface IJobMiddleware
{
    /// <summary>Runs around one job.</summary>
    ValueTask InvokeAsync(JobExecutionContext context, JobDelegate next);
}
