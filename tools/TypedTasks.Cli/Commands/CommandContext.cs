using System.CommandLine;
using TypedTasks.Cli.Connection;
using TypedTasks.Cli.Registry;
using TypedTasks.Cli.Rendering;

namespace TypedTasks.Cli.Commands;

/// <summary>What a running command needs: its parsed line, the broker (connected on first use) and the app's tasks.</summary>
internal sealed class CommandContext(GlobalOptions globals, ParseResult parse, CancellationToken cancellationToken)
{
    private AppTasks? _app;

    public CancellationToken Cancellation { get; } = cancellationToken;

    /// <summary>The broker session, once <see cref="Connect"/> opened it.</summary>
    public BrokerSession? Session { get; private set; }

    public T? Value<T>(Option<T> option) => parse.GetValue(option);

    public T? Value<T>(Argument<T> argument) => parse.GetValue(argument);

    public BrokerSession Connect() => Session ??= globals.Connection.Open(parse);

    /// <summary>The tasks of <c>--assembly</c>, or <see langword="null"/> when it is not given.</summary>
    public AppTasks? App => _app ??= parse.GetValue(globals.Assembly) is { } file ? AppTasks.Load(file.FullName) : null;

    public CliOutput Output(Option<bool>? json = null) => new(json is not null && parse.GetValue(json));

    /// <summary>A job id from the command line.</summary>
    public JobId JobId(Argument<string> argument)
    {
        string? text = parse.GetValue(argument);
        if (string.IsNullOrWhiteSpace(text) || text.Length > 200)
            throw CliException.Usage($"'{text}' is not a job id.");
        return new JobId(text);
    }
}
