using PypiKit.Units;

namespace PypiKit.Sizing;

/// <summary>
/// Facts about one EC2 instance type, as the sizing engine needs them.
/// </summary>
/// <param name="Name">EC2 name, e.g. <c>c6a.xlarge</c>.</param>
/// <param name="Family">Family, e.g. <c>t3</c>, <c>c6a</c>.</param>
/// <param name="Architecture"><c>x86_64</c> or <c>arm64</c>.</param>
/// <param name="Vcpus">Default vCPU count (the reference module uses <c>default_vcpus × 1024</c> CPU units).</param>
/// <param name="Memory">Nominal memory as the EC2 API reports it: what the reference module's formula uses.</param>
/// <param name="Burstable">T family: CPU credits, a baseline below 100 %.</param>
/// <param name="BaselineCpu">Baseline utilisation per vCPU (100 % for fixed-performance types).</param>
/// <param name="CpuCreditsPerHour">Credits earned per hour (T types only); one credit = one vCPU at 100 % for a minute.</param>
/// <param name="HourlyPrice">Linux on-demand price per hour.</param>
/// <param name="VisibleMemory">
/// Memory the host really shows (<c>free -m</c> total) when measured, which is lower than <see cref="Memory"/>
/// (the kernel and firmware keep some): a t3.micro showed 916 MB of its nominal 1024 MiB. Null when not measured.
/// </param>
public sealed record InstanceType(
    string Name,
    string Family,
    string Architecture,
    int Vcpus,
    Mebibytes Memory,
    bool Burstable,
    Percent BaselineCpu,
    double? CpuCreditsPerHour,
    Usd HourlyPrice,
    Mebibytes? VisibleMemory = null)
{
    /// <summary>CPU units of the whole host: vCPUs × 1024.</summary>
    public CpuUnits CpuUnits => CpuUnits.FromVcpus(Vcpus);

    /// <summary>Memory the kernel hides from the nominal figure, when <see cref="VisibleMemory"/> is known.</summary>
    public Mebibytes? HiddenMemory => VisibleMemory is { } v ? Memory - v : null;
}
