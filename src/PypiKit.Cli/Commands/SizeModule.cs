using System.CommandLine;
using PypiKit.Cli.Commands.Size;
using PypiKit.Sizing;
using Spectre.Console;

namespace PypiKit.Cli.Commands;

/// <summary>
/// <c>pypikit size</c>: the reference module's capacity plan for an instance type and container size, and the
/// subcommands sweep, profile, efs, cpu-credits, cost and predict (one file each under <c>Commands/Size/</c>).
/// </summary>
public sealed class SizeModule : ICliModule
{
    public Command Build()
    {
        var cmd = new Command("size",
            "Plan capacity exactly as the reference Terraform module computes it: gunicorn workers, container CPU and " +
            "memory reservation, tasks per instance (RAM and CPU limits), task min/max and ASG max. Memory in MB, CPU in " +
            "ECS units (1024 = 1 vCPU).\n" +
            "Example: pypikit size --instance c6a.xlarge --instances 2 --container-memory 512 [--json]");
        var o = new SizeOptions();
        o.AddTo(cmd);
        var json = SizeOptions.Json();
        cmd.Options.Add(json);
        cmd.SetAction(r =>
        {
            var plan = FlagErrors.Named(FlagErrors.Sizing, () => CapacityPlanner.Plan(o.InputsFrom(r), o.CatalogFrom(r)));
            if (r.GetValue(json)) SizeOutput.WriteJson(plan);
            else Render(plan);
            return 0;
        });

        cmd.Subcommands.Add(SweepCommand.Build());
        cmd.Subcommands.Add(ProfileCommand.Build());
        cmd.Subcommands.Add(EfsCommand.Build());
        cmd.Subcommands.Add(CpuCreditsCommand.Build());
        cmd.Subcommands.Add(CostCommand.Build());
        cmd.Subcommands.Add(PredictCommand.Build());
        return cmd;
    }

    internal static void Render(CapacityPlan p)
    {
        var t = SizeOutput.KeyValueTable($"Capacity plan: {p.AsgInstanceCount} × {p.InstanceType}, {p.ContainerMemoryMb.Value} MB containers");
        SizeOutput.Row(t, "instance_vcpu_count", p.InstanceVcpuCount);
        SizeOutput.Row(t, "instance_ram_mb", p.InstanceRamMb.Value, p.HostMemorySource == HostMemorySource.Ec2Api ? "EC2 API (nominal)" : $"{p.HostMemorySource} (nominal {p.InstanceNominalRamMb.Value})");
        SizeOutput.Row(t, "system_overhead_mb", p.SystemOverheadMb.Value, "system + page cache");
        SizeOutput.Row(t, "available_ram_mb_per_instance", p.AvailableRamMbPerInstance.Value);
        SizeOutput.Row(t, "available_cpu_units_per_instance", p.AvailableCpuUnitsPerInstance.Value, "vCPUs × 1024 − 128 (agent)");
        SizeOutput.Row(t, "gunicorn_workers_per_container", p.GunicornWorkersPerContainer);
        SizeOutput.Row(t, "container_memory_mb", p.ContainerMemoryMb.Value, "hard limit");
        SizeOutput.Row(t, "container_memory_reservation_mb", p.ContainerMemoryReservationMb.Value, "soft reservation");
        SizeOutput.Row(t, "container_cpu_units", p.ContainerCpuUnits.Value);
        SizeOutput.Row(t, "tasks_per_instance_ram_limit", p.TasksPerInstanceRamLimit);
        SizeOutput.Row(t, "tasks_per_instance_cpu_limit", p.TasksPerInstanceCpuLimit);
        SizeOutput.Row(t, "tasks_per_instance", p.TasksPerInstance);
        SizeOutput.Row(t, "limiting_factor", p.LimitingFactor == LimitingFactor.Ram ? "RAM" : "CPU");
        SizeOutput.Row(t, "asg_instance_count", p.AsgInstanceCount);
        SizeOutput.Row(t, "auto_calculated_task_min_count", p.AutoCalculatedTaskMinCount);
        SizeOutput.Row(t, "actual_task_min_count", p.ActualTaskMinCount);
        SizeOutput.Row(t, "actual_task_max_count", p.ActualTaskMaxCount);
        SizeOutput.Row(t, "asg_max_size", p.AsgMaxSize, "ECS module formula unless set");
        SizeOutput.Row(t, "total workers (min tasks)", p.TotalWorkersAtMin);
        SizeOutput.Out.Write(t);
        foreach (var n in p.Notes) SizeOutput.Out.MarkupLine($"[yellow]note:[/] {Markup.Escape(n)}");
        SizeWarningLines.Write(p.Warnings);
    }
}
