using System.Globalization;

namespace PypiKit.Sizing;

/// <summary>The <c>pypikit size</c> command line that plans given inputs (only the flags that differ from the defaults).</summary>
public static class SizingCommandLine
{
    public static string For(SizingInputs inputs)
    {
        var d = new SizingInputs();
        var args = new List<string> { "pypikit size", $"--instance {inputs.InstanceType}", $"--instances {inputs.InstanceCount}",
            $"--container-memory {inputs.ContainerMemory.Value}" };
        void Add(bool differs, string flag, object? value)
        {
            if (differs) args.Add(value is null ? flag : $"{flag} {Convert.ToString(value, CultureInfo.InvariantCulture)}");
        }
        Add(inputs.ContainerMemoryReservation is not null, "--reservation", inputs.ContainerMemoryReservation?.Value);
        Add(inputs.ContainerCpu is not null, "--container-cpu", inputs.ContainerCpu?.Value);
        Add(inputs.GunicornWorkers is not null, "--workers", inputs.GunicornWorkers);
        Add(inputs.TaskMinCount is not null, "--task-min", inputs.TaskMinCount);
        Add(inputs.TaskMaxCount is not null, "--task-max", inputs.TaskMaxCount);
        Add(inputs.AsgMaxSize is not null, "--asg-max", inputs.AsgMaxSize);
        Add(inputs.PageCache != d.PageCache, "--page-cache", inputs.PageCache.Value);
        Add(inputs.SystemOverhead != d.SystemOverhead, "--system-overhead", inputs.SystemOverhead.Value);
        Add(inputs.HostMemory is not null, "--host-memory", inputs.HostMemory?.Value);
        Add(inputs.UseVisibleMemory, "--visible-memory", null);
        return string.Join(' ', args);
    }
}
