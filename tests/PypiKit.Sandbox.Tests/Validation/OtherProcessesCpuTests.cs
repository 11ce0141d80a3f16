using System.Diagnostics;
using PypiKit.Probe;
using PypiKit.Sandbox.Validation;

namespace PypiKit.Sandbox.Tests.Validation;

/// <summary>
/// The CPU other processes take during a probe. Two windows over the same second, one counting a busy process as ours and
/// one not, differ by exactly that process's CPU, whatever else runs on the machine (the test suite runs beside it).
/// </summary>
[Trait("Category", "Slow")]
public class OtherProcessesCpuTests
{
    [Fact]
    public async Task A_busy_process_counts_as_other_unless_it_is_named_as_ours()
    {
        var ct = TestContext.Current.CancellationToken;
        using var spinner = Process.Start(new ProcessStartInfo("python3", ["-c", "import time\nt=time.time()+3\nwhile time.time()<t: pass"]) { UseShellExecute = false })!;
        try
        {
            await Task.Delay(200, ct);
            var spinnerCpu = new ProcessCpu([spinner.Id]);
            var clock = Stopwatch.StartNew();
            double spun0 = spinnerCpu.ReadSeconds();
            var withSpinner = OtherProcessesCpu.Start([Environment.ProcessId]);
            var withoutSpinner = OtherProcessesCpu.Start([Environment.ProcessId, spinner.Id]);
            await Task.Delay(1500, ct);
            double? all = withSpinner.StopCores(), rest = withoutSpinner.StopCores();
            double spunCores = (spinnerCpu.ReadSeconds() - spun0) / clock.Elapsed.TotalSeconds;

            Assert.NotNull(all);
            Assert.NotNull(rest);
            Assert.True(spunCores > 0.05, $"the busy loop got {spunCores:0.00} cores");
            // the difference is the spinner's own CPU over the window (clock ticks of 10 ms: allow a few)
            Assert.InRange(all!.Value - rest!.Value, spunCores - 0.1, spunCores + 0.1);
        }
        finally
        {
            if (!spinner.HasExited) spinner.Kill();
            await spinner.WaitForExitAsync(ct);
        }
    }
}
