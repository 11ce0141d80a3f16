namespace PypiKit.Burst.Distributed.Ecs;

/// <summary>
/// Where and how shards run on ECS: the load generator's cluster, Fargate task definition and container, the private
/// subnets and security group of each task (never a public IP), and the bucket and prefix results go to.
/// </summary>
public sealed record EcsLaunchOptions(string Cluster, string TaskDefinition, string ContainerName, IReadOnlyList<string> Subnets,
    IReadOnlyList<string> SecurityGroups, string ResultsBucket, string ResultsPrefix)
{
    /// <summary>Time between two DescribeTasks rounds (one batched call for every shard).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long stopped tasks may take to reach STOPPED (ECS gives a container 30 s after SIGTERM by default).</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Extra environment of every task (the password of the index, the region…).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Consecutive failed DescribeTasks rounds after which the shards still waiting are given up.</summary>
    public int MaxPollFailures { get; init; } = 5;

    public void Validate()
    {
        void Need(string value, string what)
        {
            if (string.IsNullOrWhiteSpace(value)) throw new InvalidInputException(what, $"{what} is empty");
        }
        Need(Cluster, "cluster");
        Need(TaskDefinition, "task definition");
        Need(ContainerName, "container name");
        Need(ResultsBucket, "results bucket");
        if (Subnets.Count == 0) throw new InvalidInputException("subnets", "at least one subnet is needed");
        if (SecurityGroups.Count == 0) throw new InvalidInputException("security groups", "at least one security group is needed");
        if (PollInterval <= TimeSpan.Zero) throw new InvalidInputException("poll interval", "the poll interval must be > 0");
    }
}
