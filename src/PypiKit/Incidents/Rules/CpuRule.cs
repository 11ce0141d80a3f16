using PypiKit.Series;
using static PypiKit.Incidents.RuleMath;

namespace PypiKit.Incidents.Rules;

/// <summary>
/// CPU as the bottleneck: busy time (user + system) pinned high, or, on a T-family (burstable) instance, the CPU-credit
/// balance at zero so the hypervisor throttles the guest to its baseline (seen as steal time and CPUUtilization stuck at
/// the baseline percentage).
/// </summary>
public sealed class CpuRule : IDiagnosisRule
{
    public string Id => "cpu";
    public string Title => "CPU saturation or T-family CPU-credit exhaustion";
    public bool PerHost => true;

    /// <summary>Baseline CPU % per vCPU of burstable types (AWS published figures for t2/t3/t3a/t4g sizes).</summary>
    public static double? BaselinePercent(string? instanceType)
    {
        if (instanceType is null) return null;
        var parts = instanceType.Split('.');
        if (parts.Length != 2 || parts[0] is not ("t2" or "t3" or "t3a" or "t4g")) return null;
        return (parts[0], parts[1]) switch
        {
            (_, "nano") => 5,
            ("t2", "micro") => 10,
            ("t2", "small") => 20,
            ("t2", "medium") => 20,
            ("t2", "large") => 30,
            ("t2", "xlarge") => 22.5,
            ("t2", "2xlarge") => 17,
            (_, "micro") => 10,
            (_, "small") => 20,
            (_, "medium") => 20,
            (_, "large") => 30,
            (_, "xlarge") => 40,
            (_, "2xlarge") => 40,
            _ => null,
        };
    }

    public Verdict Evaluate(IncidentData data)
    {
        var tl = data.Timeline;
        var pro = new List<Evidence>();
        var con = new List<Evidence>();
        TimeSeries? busy = Sum("vmstat.us+sy", tl.Get("vmstat.us"), tl.Get("vmstat.sy"))
            ?? Sum("sar.%user+%system", tl.Find("sar.%user"), tl.Find("sar.%nice"), tl.Find("sar.%system"))
            ?? tl.Find("CPUUtilization");
        var steal = tl.Get("vmstat.st") ?? tl.Find("sar.%steal") ?? tl.Find("iostat.%steal");
        var credits = tl.Find("CPUCreditBalance");
        var cw = tl.Find("CPUUtilization");
        var wa = tl.Get("vmstat.wa") ?? tl.Find("sar.%iowait");
        if (busy is null && steal is null && credits is null) return Verdict.NoData(Id, Title, "no vmstat, sar -u or CloudWatch CPU metrics");

        double saturation = 0, throttle = 0;
        if (busy is not null)
        {
            double p90 = Percentile(busy.Points.Select(p => p.Value), 0.9);
            saturation = Ramp(p90, 70, 95);
            (p90 >= 80 ? pro : con).Add(new Evidence("CPU busy (user + system), p90", F(p90, "%", 0), "> 80 % sustained: CPU-bound", busy.Name));
        }
        double stealMax = Max(steal);
        if (steal is not null)
            (stealMax >= 10 ? pro : con).Add(new Evidence("steal time (max)", F(stealMax, "%", 0), "> 10 %: the hypervisor withholds CPU (T-family throttling)", steal.Name));
        double? baseline = BaselinePercent(data.Host.InstanceType);
        if (credits is not null)
        {
            double min = Min(credits);
            double creditSignal = Ramp(min, 10, 0.5);
            throttle = 0.6 * creditSignal + 0.4 * Ramp(stealMax, 5, 30);
            if (creditSignal >= 1 && steal is null) throttle = 0.85;
            (min < 10 ? pro : con).Add(new Evidence("EC2 CPUCreditBalance (min)", F(min, "credits", 1), "≈ 0: throttled to baseline", credits.Name));
            if (ChangePoints.FirstAtOrBelow(credits, 0.5) is { } zero)
            {
                var before = credits.Points.Where(p => p.Time < zero.Time).Select(p => p.Value).DefaultIfEmpty(double.NaN).Max();
                pro.Add(new Evidence("CPU credits hit zero", $"at {zero.Time.UtcDateTime:HH:mm:ss} (from {F(before, "credits", 1)} before)",
                    "from then on the instance runs at its baseline", credits.Name));
                if (cw is not null && baseline is not null)
                {
                    double after = Percentile(cw.Points.Where(p => p.Time >= zero.Time).Select(p => p.Value), 0.5);
                    double prior = Percentile(cw.Points.Where(p => p.Time < zero.Time).Select(p => p.Value), 0.5);
                    pro.Add(new Evidence("CPUUtilization median before → after credits hit zero",
                        $"{F(prior, "%", 0)} → {F(after, "%", 0)} (baseline {F(baseline.Value, "%", 0)} of {data.Host.InstanceType})",
                        "pinned at the baseline after zero = throttled (a whole-window median would hide this)", cw.Name));
                }
            }
            if (cw is not null && baseline is not null)
            {
                double p50 = Percentile(cw.Points.Select(p => p.Value), 0.5);
                var ev = new Evidence("CPUUtilization median vs baseline", $"{F(p50, "%", 0)} vs {F(baseline.Value, "%", 0)} baseline of {data.Host.InstanceType}",
                    "stuck at the baseline with 0 credits = throttled", cw.Name);
                (min < 10 && Math.Abs(p50 - baseline.Value) <= baseline.Value * 0.5 ? pro : con).Add(ev);
            }
        }
        else if (steal is not null) throttle = 0.7 * Ramp(stealMax, 5, 30);
        if (data.Host.IsBurstable && credits is null)
            con.Add(new Evidence("CPU credits", "no CPUCreditBalance metric", $"{data.Host.InstanceType} is burstable: export CPUCreditBalance to check", "host.json"));

        if (wa is not null && busy is not null)
        {
            double waP50 = Percentile(wa.Points.Select(p => p.Value), 0.5), busyP50 = Percentile(busy.Points.Select(p => p.Value), 0.5);
            if (waP50 > busyP50 * 2 && waP50 >= 20)
                con.Add(new Evidence("iowait vs busy (median)", $"{F(waP50, "%", 0)} iowait vs {F(busyP50, "%", 0)} busy", "CPUs waiting on I/O are idle, not saturated", wa.Name));
        }

        double score = Math.Max(saturation, throttle);
        var status = Verdict.StatusOf(score);
        string title = status is VerdictStatus.Likely or VerdictStatus.Possible
            ? (throttle > saturation ? "CPU-credit exhaustion (T-family throttled to baseline)" : "CPU saturation")
            : Title;
        string summary = status switch
        {
            VerdictStatus.Likely or VerdictStatus.Possible when throttle > saturation => "The burstable instance spent its CPU credits and was throttled to its baseline.",
            VerdictStatus.Likely or VerdictStatus.Possible => "The CPUs were saturated.",
            _ => "CPU was not the bottleneck: low busy time, no steal, credits left.",
        };
        return new Verdict(Id, title, Math.Round(score, 3), status, summary, pro, con);
    }
}
