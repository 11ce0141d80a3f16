namespace PypiKit.Automation.Model;

/// <summary>
/// The CPU architecture the stack runs on, taken from the instance catalogue (<c>data/aws/instance-types.csv</c>,
/// column <c>arch</c>): Graviton types (c6g, c7g, t4g, …) are arm64. It picks the ECS-optimized AMI's SSM parameter and
/// the task definition's <c>runtimePlatform.cpuArchitecture</c> (Fargate runs either).
/// </summary>
public enum CpuArchitecture { X86_64, Arm64 }

/// <summary>Names of an architecture in the catalogue, in ECS and in the AMI parameter path.</summary>
public static class CpuArchitectures
{
    /// <summary>The catalogue's spelling (<c>x86_64</c>, <c>arm64</c>); anything else is bad input naming <paramref name="input"/>.</summary>
    public static CpuArchitecture Parse(string catalogName, string input = "cpu_architecture") => catalogName.Trim().ToLowerInvariant() switch
    {
        "x86_64" or "amd64" or "" => CpuArchitecture.X86_64,
        "arm64" or "aarch64" => CpuArchitecture.Arm64,
        _ => throw new InvalidInputException(input, $"{input} '{catalogName}' is neither x86_64 nor arm64."),
    };

    /// <summary>The catalogue's spelling.</summary>
    public static string CatalogName(this CpuArchitecture a) => a == CpuArchitecture.Arm64 ? "arm64" : "x86_64";

    /// <summary><c>runtimePlatform.cpuArchitecture</c> of an ECS task definition.</summary>
    public static string EcsName(this CpuArchitecture a) => a == CpuArchitecture.Arm64 ? "ARM64" : "X86_64";

    /// <summary>SSM parameter of the current Amazon Linux 2023 ECS-optimized AMI for the architecture (AWS publishes one path per architecture).</summary>
    public static string Al2023EcsAmiParameter(this CpuArchitecture a) => a == CpuArchitecture.Arm64
        ? "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"
        : "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";
}
