using Microsoft.CodeAnalysis;
using Xunit;
using static TypedTasks.Analyzers.Tests.AnalyzerVerifier;
using static TypedTasks.Analyzers.Tests.Sources;

namespace TypedTasks.Analyzers.Tests;

public class NameRuleTests
{
    [Fact]
    public void TT3001_ReportsEveryTaskOfADuplicateName()
    {
        var diagnostics = Verify(Usings + $$"""
            namespace Shop
            {
                [Backtask(Name = {|TT3001:"mail.send"|})] public partial record SendMail(string To) : IBacktask { {{Run}} }
                [Backtask(Name = {|TT3001:"mail.send"|}, Queue = "sms")] public partial record SendSms(string To) : IBacktask { {{Run}} }
                public partial record {|TT3001:Other|}(int A) : IBacktask { {{Run}} }
                [Backtask(Name = {|TT3001:"Shop.Other"|})] public partial record Pinned(int A) : IBacktask { {{Run}} }
            }
            """);
        Assert.Equal("Task name 'mail.send' is used by both 'Shop.SendMail' and 'Shop.SendSms', so a worker cannot tell their jobs apart. Pin a unique name with [Backtask(Name = \"...\")].",
            diagnostics[0].GetMessage());
        Assert.Contains("is used by both 'Shop.SendSms' and 'Shop.SendMail'", diagnostics[1].GetMessage());
        Assert.Contains("Task name 'Shop.Other' is used by both 'Shop.Other' and 'Shop.Pinned'", diagnostics[2].GetMessage());
        Assert.Contains(WellKnownDiagnosticTags.CompilationEnd, diagnostics[0].Descriptor.CustomTags);
    }

    [Fact]
    public void TT3001_ReportsDuplicatesAcrossFiles()
    {
        Verify(
            Usings + $$"""[Backtask(Name = {|TT3001:"x"|})] public partial record A(int V) : IBacktask { {{Run}} }""",
            Usings + $$"""[Backtask(Name = {|TT3001:"x"|})] public partial record B(int V) : IBacktask { {{Run}} }""");
    }

    [Fact]
    public void TT3001_NearMiss_DistinctNamesNamesDifferingInCaseAndNonTasks()
    {
        Verify(Usings + $$"""
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
    public void TT3002_ReportsInvalidNames()
    {
        string tooLong = new('a', 201);
        var diagnostics = Verify(Usings + $$"""
            [Backtask(Name = {|TT3002:"send mail"|})] public partial record Spaced(int A) : IBacktask { {{Run}} }
            [Backtask(Name = {|TT3002:""|})] public partial record Empty(int A) : IBacktask { {{Run}} }
            [Backtask(Name = {|TT3002:"{{tooLong}}"|})] public partial record Long(int A) : IBacktask { {{Run}} }
            [Backtask(Name = {|TT3002:"mail/send"|})] public partial record Slashed(int A) : IBacktask { {{Run}} }
            namespace Задачи { public partial record {|TT3002:Добавить|}(int A) : IBacktask { {{Run}} } }
            """);
        Assert.Equal("Task name 'send mail' of 'Spaced' is invalid. Use 1 to 200 characters from [A-Za-z0-9._:-] in [Backtask(Name = \"...\")].", diagnostics[0].GetMessage());
        Assert.Contains("Task name 'Задачи.Добавить' of 'Задачи.Добавить' is invalid", diagnostics[4].GetMessage());
    }

    [Fact]
    public void TT3002_NearMiss_EveryAllowedCharacterAndTheMaximumLength()
    {
        string longest = new('z', 200);
        Verify(Usings + $$"""
            [Backtask(Name = "Az09._:-")] public partial record Mixed(int A) : IBacktask { {{Run}} }
            [Backtask(Name = "{{longest}}")] public partial record Longest(int A) : IBacktask { {{Run}} }
            namespace My.App_2 { public partial record Task_1(int A) : IBacktask { {{Run}} } }
            """);
    }

    [Fact]
    public void TT3003_WhenEnabled_SuggestsPinningTheTypeName()
    {
        var diagnostics = VerifyEnabling(["TT3003"], Usings + $$"""
            namespace Shop
            {
                public partial record {|TT3003:SendMail|}(string To) : IBacktask { {{Run}} }
                [Backtask(Name = "mail.send")] public partial record Pinned(string To) : IBacktask { {{Run}} }
                [Backtask(Queue = "q")] public partial record {|TT3003:Queued|}(string To) : IBacktask { {{Run}} }
            }
            """);
        Assert.Equal("Task 'Shop.SendMail' uses its type name 'Shop.SendMail' as its wire name, so renaming or moving the type orphans queued jobs. Pin the name with [Backtask(Name = \"Shop.SendMail\")].",
            diagnostics[0].GetMessage());
    }

    [Fact]
    public void TT3003_NearMiss_OffByDefault()
    {
        Verify(Usings + $"public partial record SendMail(string To) : IBacktask {{ {Run} }}");
    }
}
