namespace PypiKit.Tests.Burst;

/// <summary>
/// Latency-measuring tests run alone (not beside other tests of this assembly), so what they measure is the
/// server's behaviour and not other tests competing for the two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "burst-timing";
}
