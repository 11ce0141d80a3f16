using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PypiKit.TestConventions;

/// <summary>
/// The test trait convention, checked in every test project (this file is compiled into each): a test class that starts
/// a process, a server or a browser carries <c>[Trait("Category", "Slow")]</c>, so
/// <c>dotnet test --filter "Category!=Slow"</c> runs only the fast in-process tests.
/// </summary>
public class SlowTestConventionTests
{
    [Fact]
    public void Every_test_class_that_starts_a_process_server_or_browser_is_marked_slow()
    {
        var unmarked = SlowTestRule.Unmarked(typeof(SlowTestConventionTests).Assembly);
        Assert.True(unmarked.Count == 0,
            "mark these test classes [Trait(\"Category\", \"Slow\")]:\n" + string.Join("\n", unmarked));
    }

    [Fact]
    public void The_rule_follows_helpers_lambdas_and_async_methods_to_the_start()
    {
        var chain = SlowTestRule.StartChain(typeof(SlowTestRuleSamples.StartsThroughAHelper));
        Assert.NotNull(chain);
        Assert.EndsWith("System.Diagnostics.Process.Start", chain, StringComparison.Ordinal);
        Assert.Contains(nameof(SlowTestRuleSamples.Helper.RunAsync), chain, StringComparison.Ordinal);
        Assert.Contains("TcpListener.Start", SlowTestRule.StartChain(typeof(SlowTestRuleSamples.StartsAListener)), StringComparison.Ordinal);
        Assert.Contains("TcpListener.Start", SlowTestRule.StartChain(typeof(SlowTestRuleSamples.UsesAStartingFixture)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_rule_leaves_in_process_work_and_honours_the_trait()
    {
        Assert.Null(SlowTestRule.StartChain(typeof(SlowTestRuleSamples.InProcessOnly)));
        Assert.False(SlowTestRule.IsMarkedSlow(typeof(SlowTestRuleSamples.StartsAListener)));
        Assert.True(SlowTestRule.IsMarkedSlow(typeof(SlowTestRuleSamples.MarkedSlow)));
    }
}

/// <summary>Samples for the rule, outside any test class; never run (no test methods), only read as IL.</summary>
internal static class SlowTestRuleSamples
{
    internal sealed class StartsThroughAHelper
    {
        public Task Run() => Task.Run(async () => await Helper.RunAsync("true"));
    }

    internal static class Helper
    {
        public static async Task RunAsync(string file)
        {
            using var p = Process.Start(file);
            await p.WaitForExitAsync();
        }
    }

    internal sealed class StartsAListener
    {
        public void Run()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            l.Stop();
        }
    }

    internal sealed class ListenerFixture
    {
        public ListenerFixture() => new StartsAListener().Run();
    }

    internal sealed class UsesAStartingFixture : IClassFixture<ListenerFixture>;

    internal sealed class InProcessOnly
    {
        public int Run() => Enumerable.Range(0, 10).Select(i => i * i).Sum() + new ProcessStartInfo("never-started").ArgumentList.Count;
    }

    [Trait(SlowTestRule.Category, SlowTestRule.Slow)]
    internal sealed class MarkedSlow;
}
