// Valid corpus: names the generated code must escape or keep apart. Keywords as member, type and namespace names,
// a user class named like a generated one, a nested task beside a top-level one whose names concatenate the same,
// tasks of the same name in two namespaces, and a task that already carries [GeneratedCode].
using System;
using System.CodeDom.Compiler;
using System.Collections.Generic;
using System.Threading.Tasks;
using TypedTasks;

namespace Corpus.Naming
{
    public sealed record Keywords(string @in, int @out);

    public partial record KeywordMembers(string @event, int @class, bool @namespace, Keywords @params) : IBacktask
    {
        public string? @object { get; set; }
        public int @int;
        public List<string> @foreach { get; init; } = new();
        public static KeywordMembers Sample => new("launch", 3, true, new("i", 1)) { @object = "o", @int = 5, @foreach = new() { "x" } };
        public Task RunAsync() => Task.CompletedTask;
    }

    // Members named like the generated code's own locals and parameters.
    public partial record GeneratedNames(int value, string writer, string reader, int depth, string task, int __count, int __i, string __key, int i, string context) : IBacktask
    {
        public static GeneratedNames Sample => new(1, "w", "r", 2, "t", 3, 4, "k", 5, "c");
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial record SendEmail(string To, string Subject) : IBacktask
    {
        public static SendEmail Sample => new("ada@example.com", "hi");
        public Task RunAsync() => Task.CompletedTask;
    }

    // The user's own class, named as generated code named a task's Perform* class before.
    public static class SendEmailExtensions
    {
        public static string Describe(this SendEmail email) => email.To;
    }

    public partial class Orders
    {
        public partial record Cancel(Guid OrderId) : IBacktask
        {
            public static Cancel Sample => new(Guid.Parse("22222222-2222-2222-2222-222222222222"));
            public Task RunAsync() => Task.CompletedTask;
        }
    }

    public partial record OrdersCancel(Guid OrderId, string Reason) : IBacktask
    {
        public static OrdersCancel Sample => new(Guid.Parse("33333333-3333-3333-3333-333333333333"), "late");
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial struct Shipping
    {
        public partial record Notify(string Who) : IBacktask
        {
            public static Notify Sample => new("ops");
            public Task RunAsync() => Task.CompletedTask;
        }
    }

    public partial record Jobs
    {
        internal partial class Nested
        {
            internal partial record Deep(int Level) : IBacktask
            {
                public static Deep Sample => new(3);
                public Task RunAsync() => Task.CompletedTask;
            }
        }
    }

    public partial interface IContainer
    {
        public partial record InInterface(int A) : IBacktask
        {
            public static InInterface Sample => new(1);
            public Task RunAsync() => Task.CompletedTask;
        }
    }

    [GeneratedCode("my-tool", "1.0")]
    public partial record AlreadyGenerated(int A) : IBacktask
    {
        public static AlreadyGenerated Sample => new(1);
        public Task RunAsync() => Task.CompletedTask;
    }

    internal partial record InternalTask(int A) : IBacktask
    {
        public static InternalTask Sample => new(1);
        public Task RunAsync() => Task.CompletedTask;
    }

    // Helper types named like the mangled names of others.
    public sealed record A_B(int X);
    public static class A { public sealed record B(int Y); }
    public partial record ManglingApart(A_B First, A.B Second) : IBacktask
    {
        public static ManglingApart Sample => new(new A_B(1), new A.B(2));
        public Task RunAsync() => Task.CompletedTask;
    }
}

namespace Corpus.Naming.Other
{
    public partial record SendEmail(string Address) : IBacktask
    {
        public static SendEmail Sample => new("other@example.com");
        public Task RunAsync() => Task.CompletedTask;
    }

    // A user type that takes the name the generator would give this namespace's Perform* class.
    public static class TypedTasksPerformExtensions
    {
        public static int Answer => 42;
    }
}

namespace Corpus.Naming.@class
{
    public partial record @operator(int @base, string @this) : IBacktask
    {
        public static @operator Sample => new(1, "me");
        public Task RunAsync() => Task.CompletedTask;
    }

    public partial class @struct
    {
        public partial record @event(int @checked) : IBacktask
        {
            public static @event Sample => new(2);
            public Task RunAsync() => Task.CompletedTask;
        }
    }
}
