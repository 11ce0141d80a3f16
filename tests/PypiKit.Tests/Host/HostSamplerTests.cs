using PypiKit.Host;
using PypiKit.Json;
using PypiKit.Series;
using PypiKit.Units;

namespace PypiKit.Tests.Host;

/// <summary>The host sampler on synthetic /proc folders (values computed by hand in the comments) and on the real /proc.</summary>
public sealed class HostSamplerTests
{
    private const double MiB = 1024 * 1024;
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 12, 0, 0, TimeSpan.Zero);
    private static DateTimeOffset At(int seconds) => T0.AddSeconds(seconds);
    private static double[] Values(TimeSeries s) => s.Points.Select(p => p.Value).ToArray();
    private static DateTimeOffset[] Times(TimeSeries s) => s.Points.Select(p => p.Time).ToArray();

    /// <summary>
    /// A swap storm over snapshots at 0, 1, 2 and 4 s (the last tick lasts 2 s): MemAvailable falls, pswpout races, PSI
    /// rises; pid 101 lives throughout, pid 102 exits after the second snapshot.
    /// </summary>
    private static HostSamplingResult SwapStorm(FakeProc proc)
    {
        var reader = new HostProcReader(proc.Root);
        var builder = new HostSeriesBuilder([101, 102]);
        //        MemAvailable kB  SwapTotal  SwapFree   pswpin pswpout  some (avg10,total)  full              cpu user nice sys idle iowait ...
        proc.Host(2_097_152, 1_048_576, 1_048_576, 100, 200, (0.00, 1_000), (0.00, 500), [1000, 0, 500, 8000, 500, 0, 0, 0]);
        proc.Process(101, "sandbox (1)", 204_800, 50, 10, (Rchar: 100, Wchar: 50, ReadBytes: 0, WriteBytes: 0));
        proc.Process(102, "worker", 102_400, 10, 0, (Rchar: 0, Wchar: 0, ReadBytes: 0, WriteBytes: 0));
        builder.Add(reader.Read(At(0), [101, 102]));

        proc.Host(1_048_576, 1_048_576, 1_044_480, 100, 1_200, (1.50, 21_000), (0.50, 5_500), [1100, 0, 550, 8100, 550, 0, 0, 0]);
        proc.Process(101, "sandbox (1)", 256_000, 100, 30, (Rchar: 200, Wchar: 60, ReadBytes: 3 * 1_048_576, WriteBytes: 0));
        proc.Process(102, "worker", 112_640, 30, 0, (Rchar: 5 * 1_048_576, Wchar: 1_048_576, ReadBytes: 0, WriteBytes: 0));
        builder.Add(reader.Read(At(1), [101, 102]));

        proc.Host(524_288, 1_048_576, 1_032_192, 150, 3_200, (3.20, 121_000), (1.10, 45_500), [1150, 0, 600, 8150, 650, 0, 0, 0]);
        proc.Process(101, "sandbox (1)", 319_488, 150, 40, (Rchar: 300, Wchar: 70, ReadBytes: 9 * 1_048_576, WriteBytes: 1_048_576));
        proc.RemoveProcess(102);
        builder.Add(reader.Read(At(2), [101, 102]));

        proc.Host(786_432, 1_048_576, 1_032_192, 350, 3_600, (2.40, 141_000), (0.80, 45_500), [1350, 0, 700, 8550, 650, 0, 0, 0]);
        proc.Process(101, "sandbox (1)", 307_200, 250, 90, (Rchar: 400, Wchar: 80, ReadBytes: 12 * 1_048_576, WriteBytes: 1_048_576));
        builder.Add(reader.Read(At(4), [101, 102]));
        return builder.Build();
    }

    [Fact]
    public void Swap_storm_host_series_are_the_counter_deltas_over_the_tick_length()
    {
        using var proc = new FakeProc();
        var run = SwapStorm(proc);
        var h = run.Host;

        Assert.Equal(4, run.Snapshots);
        Assert.Equal(At(0), run.Start);
        Assert.Equal(At(4), run.End);
        Assert.Equal([At(1), At(2), At(4)], Times(h.SwapOut));
        // MemAvailable: 1,048,576 / 524,288 / 786,432 kB = 1024 / 512 / 768 MiB.
        Assert.Equal([1024 * MiB, 512 * MiB, 768 * MiB], Values(h.MemAvailable));
        // Swap used = SwapTotal - SwapFree: 4,096 kB, then 16,384 kB twice.
        Assert.Equal([4 * MiB, 16 * MiB, 16 * MiB], Values(h.SwapUsed));
        // pswpout 200 → 1,200 → 3,200 → 3,600: 1,000/1 s, 2,000/1 s, 400/2 s. pswpin 100 → 100 → 150 → 350: 0, 50, 200/2 s.
        Assert.Equal([1000d, 2000d, 200d], Values(h.SwapOut));
        Assert.Equal([0d, 50d, 100d], Values(h.SwapIn));
        Assert.Equal(250, run.SwapInPagesTotal);
        Assert.Equal(3400, run.SwapOutPagesTotal);
        // PSI avg10 is a gauge; total (µs) 1,000 → 21,000 → 121,000 → 141,000: 20,000/1 s, 100,000/1 s, 20,000/2 s.
        Assert.Equal([1.5, 3.2, 2.4], Values(h.PressureSomeAvg10));
        Assert.Equal([0.5, 1.1, 0.8], Values(h.PressureFullAvg10));
        Assert.Equal([20_000d, 100_000d, 10_000d], Values(h.PressureSomeStall));
        // full total 500 → 5,500 → 45,500 → 45,500.
        Assert.Equal([5_000d, 40_000d, 0d], Values(h.PressureFullStall));
        // CPU deltas (user, system, idle, iowait): (100, 50, 100, 50) of 300 → busy 150/300 = 50 %, iowait 16.67 %;
        // (50, 50, 50, 100) of 250 → busy 40 %, iowait 40 %; (200, 100, 400, 0) of 700 → busy 300/700, iowait 0.
        var busy = Values(h.CpuBusy);
        Assert.Equal(3, busy.Length);
        Assert.Equal(50, busy[0], 9);
        Assert.Equal(40, busy[1], 9);
        Assert.Equal(300.0 / 700 * 100, busy[2], 9);
        var iowait = Values(h.CpuIowait);
        Assert.Equal(50.0 / 300 * 100, iowait[0], 9);
        Assert.Equal(40, iowait[1], 9);
        Assert.Equal(0, iowait[2], 9);
        Assert.DoesNotContain(run.Unavailable, u => !u.Path.StartsWith("102/"));
    }

    [Fact]
    public void Swap_storm_process_series_follow_each_pid_and_record_the_one_that_exited()
    {
        using var proc = new FakeProc();
        var run = SwapStorm(proc);
        var p101 = run.Processes.Single(p => p.Pid == 101);
        var p102 = run.Processes.Single(p => p.Pid == 102);

        // The name keeps its parentheses (it sits between the first '(' and the last ')').
        Assert.Equal("sandbox (1)", p101.Name);
        // VmRSS 256,000 / 319,488 / 307,200 kB = 250 / 312 / 300 MiB.
        Assert.Equal([250 * MiB, 312 * MiB, 300 * MiB], Values(p101.Rss));
        // utime+stime 60 → 130 → 190 → 340 ticks at 100/s: 0.7 s in 1 s, 0.6 s in 1 s, 1.5 s in 2 s.
        var cpu = Values(p101.Cpu);
        Assert.Equal(70, cpu[0], 9);
        Assert.Equal(60, cpu[1], 9);
        Assert.Equal(75, cpu[2], 9);
        // read_bytes 0 → 3 → 9 → 12 MiB: 3 MiB/s, 6 MiB/s, 1.5 MiB/s; write_bytes 0 → 0 → 1 → 1 MiB.
        Assert.Equal(IoSource.StorageBytes, p101.IoSource);
        Assert.Equal([3 * MiB, 6 * MiB, 1.5 * MiB], Values(p101.Read));
        Assert.Equal([0, 1 * MiB, 0], Values(p101.Write));
        Assert.Equal(12 * 1_048_576L, p101.ReadBytesTotal);
        Assert.Equal(1_048_576L, p101.WriteBytesTotal);
        Assert.Null(p101.ExitedAt);

        // pid 102: one tick (0 → 1 s), then gone. read_bytes stayed 0, so rchar/wchar are used: 5 MiB read, 1 MiB written.
        Assert.Equal([At(1)], Times(p102.Rss));
        Assert.Equal([110 * MiB], Values(p102.Rss));
        Assert.Equal(20, Values(p102.Cpu)[0], 9);
        Assert.Equal(IoSource.Chars, p102.IoSource);
        Assert.Equal([5 * MiB], Values(p102.Read));
        Assert.Equal(5 * 1_048_576L, p102.ReadBytesTotal);
        Assert.Equal(1_048_576L, p102.WriteBytesTotal);
        Assert.Equal(At(2), p102.ExitedAt);
        Assert.Contains(new UnavailableSource("102/stat", 2, At(2)), run.Unavailable);
    }

    [Fact]
    public void Swap_storm_verdicts_judge_the_run_against_the_plan()
    {
        using var proc = new FakeProc();
        var run = SwapStorm(proc);
        var plan = new HostPlanFigures
        {
            ContainerHardLimitMib = 512,
            ReservationMib = 256,
            HostAvailableBudgetMib = 768,
            EfsBurstingStorage = Bytes.FromGibibytes(20),
            EfsStartingCredits = new Bytes(100 * MiB),
        };
        var lines = HostVerdicts.Of(run, plan).Select(v => $"{v.Signal}: {v.Text}").ToArray();
        Assert.Equal(
        [
            // 312 / 512 = 60.9 %, 312 / 256 = 121.9 %.
            "rss: peak instance RSS 312 MiB (pid 101 (sandbox (1)) at 12:00:02), 61 % of the 512 MiB hard limit, 122 % of the 256 MiB reservation",
            "host_memory: lowest host memory available 512 MiB at 12:00:02, BELOW the plan's 768 MiB page-cache and overhead budget",
            // in + out per tick: 1,000, 2,050, 300 pages/s.
            "swap: swapped in 250 pages, out 3,400 pages (peak 2,050 pages/s at 12:00:02)",
            "pressure: memory pressure: some avg10 peaked at 3.2 % at 12:00:02, full avg10 at 1.1 %",
            "cpu: host CPU busy peaked at 50 %, iowait at 40 %",
            "io: pid 101 (sandbox (1)) read 12.0 MiB, wrote 1.0 MiB from storage (read_bytes/write_bytes)",
            "io: pid 102 (worker) read 5.0 MiB, wrote 1.0 MiB through read()/write() (rchar/wchar: read_bytes and write_bytes stayed zero, the page cache served the files); exited at 12:00:02",
            // 20 GiB bursting: baseline 50 KiB/s × 20 = 0.9765625 MiB/s. Summed reads 8, 6, 1.5 MiB/s, writes 1, 1, 0 MiB/s;
            // metered (reads / 3 + writes) 11/3, 3, 0.5 MiB/s. Drain: (11/3 − 0.9765625) × 1 s + (3 − 0.9765625) × 2 s
            // = 6.7369791… MiB of the 100 MiB start, before the last 0.5 MiB/s tick refills: a 6.737 % fall.
            "efs: EFS credits would fall 6.737 % during this run at 20 GiB bursting (metered peak 3.667 MiB/s against a 0.977 MiB/s baseline)",
        ], lines);

        // A new file system's 2.1 TiB hardly notices 6.7 MiB.
        var fresh = HostVerdicts.Of(run, plan with { EfsStartingCredits = null }).Single(v => v.Signal == "efs");
        Assert.StartsWith("EFS credits would fall < 0.001 % during this run at 20 GiB bursting", fresh.Text);
    }

    [Fact]
    public void A_kernel_without_pressure_files_still_samples_the_rest_and_says_what_was_missing()
    {
        using var proc = new FakeProc();
        var reader = new HostProcReader(proc.Root);
        var builder = new HostSeriesBuilder([7]);
        proc.Host(1_048_576, 0, 0, 5, 5, some: null, full: null, [100, 0, 100, 800, 0, 0, 0, 0]);
        proc.Process(7, "pypiserver", 51_200, 1, 1, (Rchar: 0, Wchar: 0, ReadBytes: 0, WriteBytes: 0));
        builder.Add(reader.Read(At(0), [7]));
        proc.Host(1_048_576, 0, 0, 5, 5, some: null, full: null, [150, 0, 150, 900, 0, 0, 0, 0]);
        builder.Add(reader.Read(At(1), [7]));
        var run = builder.Build();

        Assert.True(run.Host.PressureSomeAvg10.IsEmpty);
        Assert.True(run.Host.PressureSomeStall.IsEmpty);
        Assert.Equal([new UnavailableSource("pressure/memory", 2, At(0))], run.Unavailable);
        Assert.Equal([1024 * MiB], Values(run.Host.MemAvailable));
        Assert.Equal([0d], Values(run.Host.SwapOut));
        // (50 + 50) busy of 200 ticks.
        Assert.Equal(50, run.Host.CpuBusy.Points[0].Value, 9);
        // No I/O at all: the storage counters are the ones reported.
        Assert.Equal(IoSource.StorageBytes, run.Processes[0].IoSource);
        var verdicts = HostVerdicts.Of(run, new HostPlanFigures()).ToDictionary(v => v.Signal, v => v.Text);
        Assert.Equal("memory pressure not sampled (no /proc/pressure/memory: kernel without PSI)", verdicts["pressure"]);
        Assert.Equal("no swap activity", verdicts["swap"]);
        Assert.Equal("peak instance RSS 50 MiB (pid 7 (pypiserver) at 12:00:01)", verdicts["rss"]);
        Assert.Equal("lowest host memory available 1,024 MiB at 12:00:01", verdicts["host_memory"]);
        Assert.False(verdicts.ContainsKey("efs"));
    }

    [Fact]
    public void A_pid_that_never_existed_and_an_absent_proc_root_are_reported_not_thrown()
    {
        using var proc = new FakeProc();
        var missingRoot = Path.Combine(proc.Root, "nothing-here");
        var builder = new HostSeriesBuilder([4242]);
        var reader = new HostProcReader(missingRoot);
        builder.Add(reader.Read(At(0), [4242]));
        builder.Add(reader.Read(At(1), [4242]));
        var run = builder.Build();

        Assert.True(run.Host.MemAvailable.IsEmpty);
        Assert.Equal(["4242/stat", "meminfo", "pressure/memory", "stat", "vmstat"], run.Unavailable.Select(u => u.Path).ToArray());
        Assert.All(run.Unavailable, u => Assert.Equal(2, u.Snapshots));
        var p = Assert.Single(run.Processes);
        Assert.Equal(IoSource.Unavailable, p.IoSource);
        Assert.Null(p.ExitedAt);
        var verdicts = HostVerdicts.Of(run, new HostPlanFigures { EfsBurstingStorage = Bytes.FromGibibytes(20) }).ToDictionary(v => v.Signal, v => v.Text);
        Assert.Equal("instance RSS not sampled (no watched process was readable)", verdicts["rss"]);
        Assert.Equal("swap not sampled (/proc/vmstat unreadable)", verdicts["swap"]);
        Assert.Equal("EFS credits not simulated at 20 GiB bursting: no instance I/O was sampled", verdicts["efs"]);
    }

    [Fact]
    public void Sample_refuses_snapshots_out_of_time_order_and_a_counter_going_back_gives_no_value()
    {
        var a = new HostSnapshot { Time = At(1), Swap = new SwapCounters(10, 10), Processes = [new ProcessSnapshot(5, "x", 1, 500, null)] };
        var b = new HostSnapshot { Time = At(2), Swap = new SwapCounters(12, 4), Processes = [new ProcessSnapshot(5, "x", 2, 20, null)] };
        Assert.Throws<ArgumentException>(() => HostSampling.Sample(b, a));
        var tick = HostSampling.Sample(a, b);
        Assert.Equal(2, tick.SwapInPages);
        Assert.Null(tick.SwapOutPages);
        // CPU ticks went back (500 → 20): no CPU figure for this tick, RSS still reported.
        var p = Assert.Single(tick.Processes);
        Assert.Null(p.CpuPercent);
        Assert.Equal(2, p.RssBytes);
        // The pid reused by another command, with more CPU time than the old one: still no delta against the old one.
        var c = b with { Time = At(3), Processes = [new ProcessSnapshot(5, "y", 3, 900, null)] };
        Assert.Null(Assert.Single(HostSampling.Sample(b, c).Processes).CpuPercent);
        // Same command, counters forward: 880 ticks at 100/s in 1 s = 880 % of one core (a process busy on 8.8 cores).
        var d = b with { Time = At(3), Processes = [new ProcessSnapshot(5, "x", 3, 900, null)] };
        Assert.Equal(880, Assert.Single(HostSampling.Sample(b, d).Processes).CpuPercent!.Value, 9);
    }

    [Fact]
    public void The_result_round_trips_through_the_project_json()
    {
        using var proc = new FakeProc();
        var run = SwapStorm(proc);
        var json = PypiKitJson.Serialize(run);
        Assert.Contains("\"swap_out_pages_total\": 3400", json);
        Assert.Contains("\"io_source\": \"chars\"", json);
        var back = PypiKitJson.Deserialize<HostSamplingResult>(json);
        Assert.Equal(Values(run.Host.SwapOut), Values(back.Host.SwapOut));
        Assert.Equal(Values(run.Processes[0].Rss), Values(back.Processes[0].Rss));
        Assert.Equal(run.Unavailable, back.Unavailable);
    }

    [Fact]
    public async Task The_real_proc_yields_host_series_and_this_process_rss()
    {
        int self = Environment.ProcessId;
        var sampler = new HostSampler(new HostSamplerOptions { Pids = [self], Interval = TimeSpan.FromMilliseconds(500) });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var run = await sampler.RunAsync(stop.Token);

        Assert.True(run.Snapshots >= 3, $"only {run.Snapshots} snapshots in 2 s at 500 ms");
        Assert.False(run.Host.MemAvailable.IsEmpty);
        Assert.True(run.Host.MemAvailable.Min > 0);
        Assert.False(run.Host.CpuBusy.IsEmpty);
        Assert.False(run.Host.SwapIn.IsEmpty);
        var me = Assert.Single(run.Processes);
        Assert.False(string.IsNullOrEmpty(me.Name));
        Assert.False(me.Rss.IsEmpty);
        Assert.True(me.Rss.Min > 0);
        Assert.False(me.Cpu.IsEmpty);
        Assert.NotEqual(IoSource.Unavailable, me.IoSource);
        Assert.Null(me.ExitedAt);
        // its own cost: CPU time of the sampling thread, never more than the wall time it was busy
        Assert.True(run.SamplerBusySeconds > 0);
        Assert.NotNull(run.SamplerCpuSeconds);
        Assert.InRange(run.SamplerCpuSeconds!.Value, 0, run.SamplerBusySeconds + 0.001);
    }

    [Fact]
    public void Options_refuse_a_non_positive_interval_or_pid()
    {
        var interval = Assert.Throws<InvalidInputException>(() => new HostSampler(new HostSamplerOptions { Interval = TimeSpan.Zero }));
        Assert.Equal("interval", interval.Input);
        var pid = Assert.Throws<InvalidInputException>(() => new HostSampler(new HostSamplerOptions { Pids = [12, 0] }));
        Assert.Equal("pid must be > 0, got 0", pid.Message);
    }
}
