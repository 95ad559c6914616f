using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static TypedTasks.Analyzers.Tests.Sources;
using Verify = TypedTasks.Analyzers.Tests.TaskAnalyzerTest<TypedTasks.Analyzers.TaskNameAnalyzer>;

namespace TypedTasks.Analyzers.Tests;

public class NameRuleTests
{
    private static DiagnosticResult Diagnostic(string id, int location, string message) =>
        Verify.Diagnostic(id).WithLocation(location).WithMessage(message);

    [Fact]
    public async Task TT3001_ReportsEveryTaskOfADuplicateName()
    {
        await Verify.VerifyAsync(Usings + $$"""
            namespace Shop
            {
                [Backtask(Name = {|#0:"mail.send"|})] public partial record SendMail(string To) : IBacktask { {{Run}} }
                [Backtask(Name = {|#1:"mail.send"|}, Queue = "sms")] public partial record SendSms(string To) : IBacktask { {{Run}} }
                public partial record {|#2:Other|}(int A) : IBacktask { {{Run}} }
                [Backtask(Name = {|TT3001:"Shop.Other"|})] public partial record Pinned(int A) : IBacktask { {{Run}} }
            }
            """,
            Diagnostic("TT3001", 0, "Task name 'mail.send' is used by both 'Shop.SendMail' and 'Shop.SendSms', so a worker cannot tell their jobs apart. Pin a unique name with [Backtask(Name = \"...\")]."),
            Diagnostic("TT3001", 1, "Task name 'mail.send' is used by both 'Shop.SendSms' and 'Shop.SendMail', so a worker cannot tell their jobs apart. Pin a unique name with [Backtask(Name = \"...\")]."),
            Diagnostic("TT3001", 2, "Task name 'Shop.Other' is used by both 'Shop.Other' and 'Shop.Pinned', so a worker cannot tell their jobs apart. Pin a unique name with [Backtask(Name = \"...\")]."));
        Assert.Contains(WellKnownDiagnosticTags.CompilationEnd, Verify.Descriptor("TT3001").CustomTags);
    }

    [Fact]
    public async Task TT3001_ReportsDuplicatesAcrossFiles()
    {
        await Verify.VerifyAsync(
        [
            Usings + $$"""[Backtask(Name = {|TT3001:"x"|})] public partial record A(int V) : IBacktask { {{Run}} }""",
            Usings + $$"""[Backtask(Name = {|TT3001:"x"|})] public partial record B(int V) : IBacktask { {{Run}} }""",
        ]);
    }

    [Fact]
    public async Task TT3001_NearMiss_DistinctNamesNamesDifferingInCaseAndNonTasks()
    {
        await Verify.VerifyAsync(Usings + $$"""
            namespace Shop
            {
                [Backtask(Name = "mail.send")] public partial record SendMail(string To) : IBacktask { {{Run}} }
                [Backtask(Name = "Mail.Send")] public partial record SendSms(string To) : IBacktask { {{Run}} }
                public partial record Other(int A) : IBacktask { {{Run}} }
                [Backtask(Queue = "q")] public partial record Queued(int A) : IBacktask { {{Run}} }
            }
            namespace Other { public partial record Other(int A) : IBacktask { {{Run}} } }
            public sealed record Helper(int A);
            """);
    }

    [Fact]
    public async Task TT3002_ReportsInvalidNames()
    {
        string tooLong = new('a', 201);
        await Verify.VerifyAsync(Usings + $$"""
            [Backtask(Name = {|#0:"send mail"|})] public partial record Spaced(int A) : IBacktask { {{Run}} }
            [Backtask(Name = {|TT3002:""|})] public partial record Empty(int A) : IBacktask { {{Run}} }
            [Backtask(Name = {|TT3002:"{{tooLong}}"|})] public partial record Long(int A) : IBacktask { {{Run}} }
            [Backtask(Name = {|TT3002:"mail/send"|})] public partial record Slashed(int A) : IBacktask { {{Run}} }
            namespace Задачи { public partial record {|#1:Добавить|}(int A) : IBacktask { {{Run}} } }
            """,
            Diagnostic("TT3002", 0, "Task name 'send mail' of 'Spaced' is invalid. Use 1 to 200 characters from [A-Za-z0-9._:-] in [Backtask(Name = \"...\")]."),
            Diagnostic("TT3002", 1, "Task name 'Задачи.Добавить' of 'Задачи.Добавить' is invalid. Use 1 to 200 characters from [A-Za-z0-9._:-] in [Backtask(Name = \"...\")]."));
    }

    [Fact]
    public async Task TT3002_NearMiss_EveryAllowedCharacterAndTheMaximumLength()
    {
        string longest = new('z', 200);
        await Verify.VerifyAsync(Usings + $$"""
            [Backtask(Name = "Az09._:-")] public partial record Mixed(int A) : IBacktask { {{Run}} }
            [Backtask(Name = "{{longest}}")] public partial record Longest(int A) : IBacktask { {{Run}} }
            namespace My.App_2 { public partial record Task_1(int A) : IBacktask { {{Run}} } }
            """);
    }

    [Fact]
    public async Task TT3003_WhenEnabled_SuggestsPinningTheTypeName()
    {
        var test = new Verify(Usings + $$"""
            namespace Shop
            {
                public partial record {|#0:SendMail|}(string To) : IBacktask { {{Run}} }
                [Backtask(Name = "mail.send")] public partial record Pinned(string To) : IBacktask { {{Run}} }
                [Backtask(Queue = "q")] public partial record {|TT3003:Queued|}(string To) : IBacktask { {{Run}} }
            }
            """).Enabling("TT3003");
        test.ExpectedDiagnostics.Add(Diagnostic("TT3003", 0, "Task 'Shop.SendMail' uses its type name 'Shop.SendMail' as its wire name, so renaming or moving the type orphans queued jobs. Pin the name with [Backtask(Name = \"Shop.SendMail\")]."));
        await test.RunAsync();
    }

    [Fact]
    public async Task TT3003_NearMiss_OffByDefault()
    {
        await Verify.VerifyAsync(Usings + $"public partial record SendMail(string To) : IBacktask {{ {Run} }}");
    }
}
