namespace TypedTasks.Analyzers.Tests;

/// <summary>Common source fragments for analyzer tests.</summary>
public static class Sources
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using TypedTasks;

        """;

    /// <summary>A valid <c>RunAsync</c>, for tasks whose other parts are under test.</summary>
    public const string Run = "public Task RunAsync() => Task.CompletedTask;";
}
