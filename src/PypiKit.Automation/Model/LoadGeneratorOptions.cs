namespace PypiKit.Automation.Model;

/// <summary>
/// The stack's optional load-generator component: an ECR repository for the <c>pypikit</c> image
/// (deploy/loadgen/Dockerfile), a Fargate task definition that runs one burst shard, a results bucket and the network
/// settings a coordinator passes to ECS <c>RunTask</c>. Off unless <see cref="StackOptions.LoadGenerator"/> is set.
/// </summary>
/// <param name="VirtualUsersPerShard">Virtual users one task drives; sizes the task (<see cref="LoadGeneratorSizing"/>).</param>
/// <param name="ImageTag">Tag of the pushed load-generator image.</param>
/// <param name="ResultsExpiryDays">Days before shard results in the bucket expire.</param>
public sealed record LoadGeneratorOptions(int VirtualUsersPerShard = 100, string ImageTag = "latest", int ResultsExpiryDays = 14)
{
    /// <summary>Object-key prefix every shard writes under (the task role may write here only).</summary>
    public const string ResultsPrefix = "results/";
    /// <summary>Name of the container in the task definition (the coordinator's command override names it).</summary>
    public const string ContainerName = "pypikit";
    /// <summary>
    /// The shard's password variable. ECS fills it from the stack's credentials secret (the task definition's
    /// <c>secrets</c>), so the password never travels in a RunTask override, which anyone allowed ecs:DescribeTasks can read.
    /// </summary>
    public const string PasswordEnvironment = "PYPIKIT_SHARD_PASSWORD";
    /// <summary>The JSON key of the stack's credentials secret the shard's password comes from.</summary>
    public const string PasswordSecretKey = "password";

    /// <summary>Throws <see cref="InvalidInputException"/> naming the first bad field.</summary>
    public LoadGeneratorOptions Validate()
    {
        if (VirtualUsersPerShard is < 1 or > LoadGeneratorSizing.MaxVirtualUsers)
            throw new InvalidInputException("load_generator.virtual_users_per_shard", $"load_generator.virtual_users_per_shard must be 1..{LoadGeneratorSizing.MaxVirtualUsers}.");
        if (string.IsNullOrWhiteSpace(ImageTag) || ImageTag.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')) || ImageTag.Length > 128)
            throw new InvalidInputException("load_generator.image_tag", "load_generator.image_tag must be a docker tag (letters, digits, '.', '_', '-').");
        if (ResultsExpiryDays is < 1 or > 3650)
            throw new InvalidInputException("load_generator.results_expiry_days", "load_generator.results_expiry_days must be 1..3650.");
        return this;
    }
}

/// <summary>
/// How big a load-generator task must be for the virtual users of one shard. The per-user figures are a starting
/// estimate, not a measurement: refine them with a burst's own CPU and memory figures (they are written once, here).
/// </summary>
public static class LoadGeneratorSizing
{
    /// <summary>The most virtual users one task may drive (beyond that, use more shards).</summary>
    public const int MaxVirtualUsers = 4000;
    /// <summary>CPU units (1024 = one vCPU) per 100 virtual users, each an async request chain.</summary>
    public const long CpuUnitsPer100Users = 256;
    /// <summary>Runtime, HTTP client pool and histograms before any user.</summary>
    public const long BaseMemoryMib = 384;
    /// <summary>Connection buffers and per-user state.</summary>
    public const long MemoryMibPerUser = 2;

    /// <summary>The smallest valid Fargate size (CPU units, MiB) for <paramref name="virtualUsers"/> users.</summary>
    public static FargateTaskSize TaskSize(int virtualUsers)
    {
        if (virtualUsers is < 1 or > MaxVirtualUsers)
            throw new InvalidInputException("load_generator.virtual_users_per_shard", $"load_generator.virtual_users_per_shard must be 1..{MaxVirtualUsers}.");
        var cpu = (virtualUsers + 99) / 100 * CpuUnitsPer100Users;
        var memory = BaseMemoryMib + MemoryMibPerUser * virtualUsers;
        return StackModel.FargateSize(new(cpu), new(memory));
    }
}
