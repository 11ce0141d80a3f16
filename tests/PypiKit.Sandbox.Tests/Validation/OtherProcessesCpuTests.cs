using System.Diagnostics;
using PypiKit.Sandbox.Validation;

namespace PypiKit.Sandbox.Tests.Validation;

/// <summary>The CPU other processes take during a probe: a busy loop in another process shows, this process's own work does not.</summary>
[Trait("Category", "Slow")]
public class OtherProcessesCpuTests
{
    [Fact]
    public async Task A_busy_process_beside_the_probe_is_counted_and_our_own_work_is_not()
    {
        var ct = TestContext.Current.CancellationToken;
        // our own CPU (this process) is left out
        var quiet = OtherProcessesCpu.Start([Environment.ProcessId]);
        var until = DateTime.UtcNow.AddMilliseconds(800);
        double x = 0;
        while (DateTime.UtcNow < until) x += Math.Sqrt(x + 1);
        Assert.True(x > 0);
        var ours = quiet.StopCores();
        Assert.NotNull(ours);

        // a busy loop in another process for a second is most of a core
        using var spinner = Process.Start(new ProcessStartInfo("python3", ["-c", "import time\nt=time.time()+1.5\nwhile time.time()<t: pass"]) { UseShellExecute = false })!;
        await Task.Delay(200, ct);
        var busy = OtherProcessesCpu.Start([Environment.ProcessId]);
        await Task.Delay(1000, ct);
        var others = busy.StopCores();
        await spinner.WaitForExitAsync(ct);
        Assert.NotNull(others);
        Assert.True(others > ours, $"others {others:0.00} cores with a busy loop, {ours:0.00} without");
        Assert.True(others > OtherProcessesCpu.NoticeableCores, $"a busy loop showed as {others:0.00} cores");
    }
}
