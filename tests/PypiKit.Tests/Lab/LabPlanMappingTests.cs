using PypiKit.Sandbox.Lab;
using PypiKit.Sizing;

namespace PypiKit.Tests.Lab;

/// <summary>The plan → sandbox mapping: tasks per host → instances, gunicorn workers → workers, memory figures → lines.</summary>
public class LabPlanMappingTests
{
    private static readonly CapacityPlan Small = CapacityPlanner.Plan(new SizingInputs { InstanceType = "t3.small", ContainerMemory = new(512) });

    [Fact]
    public void One_sandbox_instance_per_task_of_one_host_with_the_plans_workers_and_memory_lines()
    {
        var m = LabPlanMapping.From(Small, sandboxInstances: null, machineCores: 2);
        Assert.Equal(Small.TasksPerInstance, m.SandboxInstances);
        Assert.Equal(Small.GunicornWorkersPerContainer, m.WorkersPerInstance);
        Assert.False(m.InstancesOverridden);
        Assert.Equal(512, m.HardLimitMib);
        Assert.Equal(Small.ContainerMemoryReservationMb.Value, m.ReservationMib);
        Assert.Equal(Small.SystemOverheadMb.Value, m.HostBudgetMib);
        Assert.Equal(Small.TotalWorkersAtMin, m.PlanWorkers);
        // the burst model keeps workers and cores apart: K = every worker, C = the machine's cores
        Assert.Contains($"K = {m.SandboxWorkers} workers on C = 2 cores", m.Scaling[4]);
        Assert.Equal(5, m.Scaling.Count);
        Assert.StartsWith($"tasks → instances: one sandbox instance per ECS task of one host; the plan puts {Small.TasksPerInstance} task(s) on each t3.small", m.Scaling[0]);
        Assert.Contains("the 512 MiB hard limit", m.Scaling[2]);
    }

    [Fact]
    public void Sandbox_instances_replace_the_plans_tasks_per_host_and_say_so()
    {
        var m = LabPlanMapping.From(Small, sandboxInstances: 1, machineCores: 8);
        Assert.Equal(1, m.SandboxInstances);
        Assert.True(m.InstancesOverridden);
        Assert.StartsWith("tasks → instances: 1 sandbox instance(s) as asked", m.Scaling[0]);
        Assert.Equal(Small.GunicornWorkersPerContainer, m.SandboxWorkers);
    }

    [Fact]
    public void Credits_are_simulated_in_bursting_mode_only()
    {
        var m = LabPlanMapping.From(Small, null, 2);
        Assert.Equal(20, m.Figures(EfsThroughputMode.Bursting, 20).EfsBurstingStorage!.Value.Gibibytes, 6);
        Assert.Null(m.Figures(EfsThroughputMode.Elastic, 20).EfsBurstingStorage);
        Assert.Equal(512, m.Figures(EfsThroughputMode.Elastic, 20).ContainerHardLimitMib);
    }

    [Theory]
    [InlineData(0, "--sandbox-instances must be between 1 and 32, got 0")]
    [InlineData(33, "--sandbox-instances must be between 1 and 32, got 33")]
    public void Out_of_range_sandbox_instances_are_refused_naming_the_flag(int n, string message)
    {
        var options = new LabOptions { Plan = Small, Profile = PypiKit.Burst.BurstProfiles.Resolve("production_incident-local"), SandboxInstances = n, InProcess = true };
        Assert.Equal(message, Assert.Throws<InvalidInputException>(() => options.Validate()).Message);
    }
}
