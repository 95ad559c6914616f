using Xunit;

namespace TypedTasks.Redis.Tests.Scripts;

/// <summary>
/// A script carries only the library functions it uses. (That each real script still finds every function it calls is
/// shown by the broker contract suites, which run every script on Redis.)
/// </summary>
public sealed class ScriptLibraryTests
{
    private const string Library = """
        --[[ The library's header. ]]
        local LIMIT = 10

        local function base(x) return x end

        -- Doubles.
        -- (Two comment lines.)
        local function twice(x)
          return base(x) * 2
        end

        --[[ Quadruples,
        through twice. ]]
        local function four_times(x)
          return twice(twice(x))
        end

        local function unused(x)
          return x + LIMIT
        end
        """;

    [Fact]
    public void A_script_gets_the_prelude_and_the_functions_it_calls_directly_or_not_in_the_library_order()
    {
        string composed = new ScriptLibrary(Library).Compose("return four_times(tonumber(ARGV[1]))");

        Assert.StartsWith("--[[ The library's header. ]]\nlocal LIMIT = 10\n", composed);
        Assert.Equal(["base", "twice", "four_times"], FunctionsIn(composed));
        Assert.Contains("-- Doubles.\n-- (Two comment lines.)\nlocal function twice(x)\n  return base(x) * 2\nend", composed);
        Assert.Contains("--[[ Quadruples,\nthrough twice. ]]\nlocal function four_times(x)", composed);
        Assert.EndsWith("\nreturn four_times(tonumber(ARGV[1]))", composed);
    }

    [Fact]
    public void A_script_that_calls_no_library_function_gets_the_prelude_only()
    {
        string composed = new ScriptLibrary(Library).Compose("return LIMIT");

        Assert.DoesNotContain("local function", composed);
        Assert.Contains("local LIMIT = 10", composed);
    }

    [Fact]
    public void A_function_named_only_in_a_comment_is_left_out()
    {
        string composed = new ScriptLibrary(Library).Compose("""
            -- Not four_times: twice is enough.
            --[[ Nor unused. ]]
            return twice(1)
            """);

        Assert.Contains("local function twice(", composed);
        Assert.DoesNotContain("local function four_times(", composed);
        Assert.DoesNotContain("local function unused(", composed);
    }

    [Fact]
    public void Code_between_the_functions_is_refused_when_the_library_loads()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ScriptLibrary(Library + "\n\nlocal stray = 1\n"));

        Assert.Contains("local stray = 1", error.Message);
    }

    [Fact]
    public void A_function_without_its_closing_end_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ScriptLibrary(Library + "\n\nlocal function open(x)\n  return x\n"));

        Assert.Contains("local function open(x)", error.Message);
    }

    private static string[] FunctionsIn(string script) =>
        System.Text.RegularExpressions.Regex.Matches(script, @"^local function (\w+)\(", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToArray();

    [Fact]
    public void The_enqueue_script_carries_the_wake_up_it_reaches_through_end_enqueue_and_not_the_worker_s_functions()
    {
        string enqueue = RedisScripts.EnqueueMany.Source;

        Assert.Contains("local function wake(", enqueue);
        Assert.Contains("local function enqueue_job(", enqueue);
        Assert.DoesNotContain("local function fetch_queue(", enqueue);
        Assert.DoesNotContain("local function kill(", enqueue);
    }
}
