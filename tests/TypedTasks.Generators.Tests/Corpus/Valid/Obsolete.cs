// Valid corpus: obsolete types and members a task still carries (kept for payloads already enqueued). The user's own
// code reports their warnings (disabled here where it uses them, as a project would); the generated code adds none,
// so a project that treats warnings as errors still builds.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using TypedTasks;

namespace Corpus.Obsolete
{
    [Obsolete]
    public enum OldColor { Red, Green }

    [Obsolete("Use a structured address", DiagnosticId = "CORPUS0001")]
    public sealed record OldAddress(string Line);

    [Obsolete("Replaced by Notify")]
    public partial record OldNotify(string Who) : IBacktask
    {
        public static OldNotify Sample => new("ops");
        public Task RunAsync() => Task.CompletedTask;
    }

#pragma warning disable CS0612, CS0618, CORPUS0001
    public partial record CarriesObsolete(OldColor Color, List<OldAddress> Addresses) : IBacktask
    {
        [Obsolete("Kept for payloads enqueued before 2.0")]
        public string? Legacy { get; init; }

        public static CarriesObsolete Sample => new(OldColor.Green, new() { new OldAddress("Main 1") }) { Legacy = "old" };
        public Task RunAsync() => Task.CompletedTask;
    }
#pragma warning restore CS0612, CS0618, CORPUS0001
}
