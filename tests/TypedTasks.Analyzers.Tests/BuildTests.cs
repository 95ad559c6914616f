using Xunit;

namespace TypedTasks.Analyzers.Tests;

/// <summary>A real <c>dotnet build</c> of a user project: the analyzer fails it, naming the member and the fix.</summary>
[Trait("Category", "Build")]
public class BuildTests
{
    private const string Task = """
        using TypedTasks;

        namespace UserTasks;

        public partial record Upload(string Name, {0}) : IBacktask
        {{
            public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }}
        """;

    [Fact]
    public void ATaskWithAStreamMemberFailsToBuildWithTT2001AndBuildsOnceIgnored()
    {
        using var project = new ProjectBuild();

        var (failed, failure) = project.Build(string.Format(Task, "Stream Content"));
        Assert.True(failed != 0, failure);
        Assert.Contains("error TT2001: Member 'Content' of task 'UserTasks.Upload' cannot be serialized: its type 'System.IO.Stream' is a Stream", failure);
        Assert.Contains("Tasks.cs(5,43)", failure);

        var (succeeded, success) = project.Build(string.Format(Task, "[property: TaskIgnore] Stream? Content = null"));
        Assert.True(succeeded == 0, success);
        Assert.DoesNotContain("TT2001", success);
    }
}
