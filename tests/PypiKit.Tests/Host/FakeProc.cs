namespace PypiKit.Tests.Host;

/// <summary>
/// A folder of synthetic /proc files in the kernel's formats (proc(5)), rewritten by a test before each snapshot.
/// Only the lines the sampler reads are realistic; the rest is filler like the real files carry.
/// </summary>
internal sealed class FakeProc : IDisposable
{
    private readonly TempDir _root = new("pypikit-fakeproc-");

    public string Root => _root.Path;

    /// <summary>Host files. cpu = user nice system idle iowait irq softirq steal (clock ticks).</summary>
    public void Host(long memAvailableKb, long swapTotalKb, long swapFreeKb, long pswpin, long pswpout,
        (double Avg10, long Total)? some, (double Avg10, long Total)? full, long[] cpu)
    {
        Write("meminfo", $"MemTotal:        8048576 kB\nMemFree:          123456 kB\nMemAvailable:    {memAvailableKb} kB\n" +
                         $"Buffers:           10240 kB\nCached:           512000 kB\nSwapCached:            0 kB\n" +
                         $"SwapTotal:       {swapTotalKb} kB\nSwapFree:        {swapFreeKb} kB\nDirty:               12 kB\n");
        Write("vmstat", $"nr_free_pages 30864\nnr_zone_inactive_anon 1000\npgpgin 4000\npgpgout 9000\npswpin {pswpin}\npswpout {pswpout}\npgalloc_dma 0\n");
        if (some is { } s)
        {
            var text = $"some avg10={s.Avg10:0.00} avg60=0.00 avg300=0.00 total={s.Total}\n";
            if (full is { } f) text += $"full avg10={f.Avg10:0.00} avg60=0.00 avg300=0.00 total={f.Total}\n";
            Write("pressure/memory", text);
        }
        Write("stat", $"cpu  {string.Join(' ', cpu)} 0 0\ncpu0 {string.Join(' ', cpu)} 0 0\nintr 12345 0 0\nctxt 999\nbtime 1700000000\n");
    }

    public void Process(int pid, string comm, long rssKb, long utime, long stime, (long Rchar, long Wchar, long ReadBytes, long WriteBytes) io)
    {
        // Fields 3.. of /proc/<pid>/stat: state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime ...
        Write($"{pid}/stat", $"{pid} ({comm}) S 1 {pid} {pid} 0 -1 4194560 1500 0 3 0 {utime} {stime} 0 0 20 0 4 0 777 123456789 5000 18446744073709551615\n");
        Write($"{pid}/status", $"Name:\t{comm}\nState:\tS (sleeping)\nPid:\t{pid}\nVmPeak:\t  999999 kB\nVmRSS:\t  {rssKb} kB\nThreads:\t4\n");
        Write($"{pid}/io", $"rchar: {io.Rchar}\nwchar: {io.Wchar}\nsyscr: 10\nsyscw: 5\nread_bytes: {io.ReadBytes}\nwrite_bytes: {io.WriteBytes}\ncancelled_write_bytes: 0\n");
    }

    public void RemoveProcess(int pid) => Directory.Delete(Path.Combine(Root, pid.ToString()), recursive: true);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Dispose() => _root.Dispose();
}
