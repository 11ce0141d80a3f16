using PypiKit.Sizing.Model;

namespace PypiKit.Tests.Sizing;

/// <summary>
/// The round-robin simulation behind the model's tails: checked against exact results where they exist (one target is
/// one pool with exponential service), against the product form's throughput and mean, and for what round robin does
/// to the tails when the targets keep their own queues.
/// </summary>
public class RoundRobinLoopTests
{
    private static FlowEquivalentStation Station(int workers, double seconds, double cv, int cores = 1024, double cpu = 0) =>
        new(workers, cores, ServiceDemand.FromMeasured(seconds, cpu, cv));

    [Fact]
    public void One_target_with_exponential_service_matches_the_exact_erlang_wait()
    {
        // 8 clients, 4 workers, S = 1, Z = 0: every arrival finds the other 7 present, waits for 4 departures at rate 4
        // (Erlang-4, mean 1) and is then served (exponential, mean 1): R = Erlang(4, 4) + Exp(1), mean 2.
        var station = Station(4, 1.0, 1.0);
        var sim = RoundRobinLoop.Run(8, 1, station);
        Assert.Equal(2.0, sim.MeanSeconds, 0.05);
        Assert.Equal(4.0, sim.ThroughputRps, 0.08);
        double Exact(double t)
        {
            // P(Erlang(4, rate 4) + Exp(1) ≤ t) by numerical convolution
            const int steps = 4000;
            double h = t / steps, sum = 0;
            for (int i = 0; i < steps; i++)
            {
                double u = (i + 0.5) * h, rate = 4;
                double erlang = Math.Pow(rate, 4) * Math.Pow(u, 3) * Math.Exp(-rate * u) / 6;
                sum += erlang * (1 - Math.Exp(-(t - u))) * h;
            }
            return sum;
        }
        Assert.Equal(0.95, Exact(sim.P95Seconds), 0.01);
        Assert.Equal(0.50, Exact(sim.P50Seconds), 0.015);
    }

    [Fact]
    public void Throughput_and_mean_agree_with_the_product_form_whatever_the_routing()
    {
        var inputs = new BurstModelInputs { Clients = 16, Tasks = 2, WorkersPerTask = 4, VcpusPerHost = 64, Demand = ServiceDemand.FromMeasured(0.02, 0, 0.3) };
        var station = new FlowEquivalentStation(inputs.ServingWorkers, inputs.ServingCores, inputs.Demand);
        var sim = RoundRobinLoop.Run(16, 2, station);
        var model = BurstModel.Predict(inputs);
        Assert.Equal(model.ThroughputRps, sim.ThroughputRps, model.ThroughputRps * 0.02);
        Assert.Equal(model.MeanLatencySeconds, sim.MeanSeconds, model.MeanLatencySeconds * 0.02);
    }

    [Fact]
    public void Round_robin_over_separate_queues_stretches_the_tail_that_one_pool_would_not()
    {
        var rr = new BurstModelInputs { Clients = 16, Tasks = 2, WorkersPerTask = 4, VcpusPerHost = 64, Demand = ServiceDemand.FromMeasured(0.0212, 0, 0.06) };
        var pooled = rr with { Routing = TargetRouting.LeastOutstandingRequests };
        var a = BurstModel.Predict(rr);
        var b = BurstModel.Predict(pooled);
        Assert.Equal(a.ThroughputRps, b.ThroughputRps, 9);
        Assert.Equal(a.MeanLatencySeconds, b.MeanLatencySeconds, 9);
        // one pool of 8: a request waits for at most one batch of departures, so p95 stays near 2 S; separate queues
        // drift apart under round robin and the fullest one sets the tail
        Assert.InRange(b.P95LatencySeconds, 0.040, 0.047);
        Assert.True(a.P95LatencySeconds > b.P95LatencySeconds * 1.2, $"round robin p95 {a.P95LatencySeconds:0.0000} s vs one pool {b.P95LatencySeconds:0.0000} s");
        // seeded: the same inputs give the same prediction
        Assert.Equal(a.P95LatencySeconds, BurstModel.Predict(rr).P95LatencySeconds);
        // one target has one queue: round robin changes nothing there
        var single = rr with { Tasks = 1, WorkersPerTask = 8 };
        Assert.Equal(BurstModel.Predict(single with { Routing = TargetRouting.LeastOutstandingRequests }).P95LatencySeconds, BurstModel.Predict(single).P95LatencySeconds);
    }

    [Fact]
    public void Shared_cores_slow_every_target_when_the_cpu_part_dominates()
    {
        // 2 targets × 4 workers on 2 cores, all CPU: the cores cap throughput at C / S_cpu = 2 / 0.08 = 25 req/s
        var station = Station(8, 0.08, 0.2, cores: 2, cpu: 0.08);
        var sim = RoundRobinLoop.Run(64, 2, station);
        Assert.Equal(25, sim.ThroughputRps, 0.75);
        Assert.Equal(64 / 25.0, sim.MeanSeconds, 0.1);
    }

    [Theory]
    [InlineData(0, 2, "clients")]
    [InlineData(5001, 2, "clients")]
    [InlineData(8, 3, "targets")]
    public void Bad_input_is_refused_naming_the_field(int clients, int targets, string field)
    {
        var ex = Assert.Throws<InvalidInputException>(() => RoundRobinLoop.Run(clients, targets, Station(8, 0.02, 0.1)));
        Assert.Equal(field, ex.Input);
    }
}
