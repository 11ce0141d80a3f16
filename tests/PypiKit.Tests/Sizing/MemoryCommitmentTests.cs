using System.Text.Json;
using PypiKit.Json;
using PypiKit.Sizing;
using PypiKit.Units;

namespace PypiKit.Tests.Sizing;

public class MemoryCommitmentTests
{
    // type, container memory, host memory override (0 = nominal), tasks per instance, Σ hard limits, available, over-commit MB.
    // Available = host − 300 system − 500 page cache; tasks from the reference table (RAM by the 75 % reservation, CPU).
    [Theory]
    [InlineData("t3.micro", 512, 0, 1, 512, 224, 288)]
    [InlineData("t3.small", 256, 0, 5, 1280, 1248, 32)]
    [InlineData("t3.small", 512, 0, 3, 1536, 1248, 288)]
    [InlineData("t3.medium", 512, 0, 3, 1536, 3296, 0)]
    [InlineData("t3.medium", 1024, 0, 1, 1024, 3296, 0)]
    [InlineData("c6a.xlarge", 512, 0, 6, 3072, 7392, 0)]
    [InlineData("c6a.2xlarge", 1024, 0, 6, 6144, 15584, 0)]
    [InlineData("t3.micro", 512, 916, 1, 512, 116, 396)]
    public void Flags_over_commit_across_instance_types_and_memories(string type, long memory, long hostMemory, int tasks,
        long hardSum, long available, long overCommit)
    {
        var inputs = new SizingInputs
        {
            InstanceType = type, ContainerMemory = new(memory), HostMemory = hostMemory > 0 ? new Mebibytes(hostMemory) : null,
        };
        var plan = CapacityPlanner.Plan(inputs);

        Assert.Equal(tasks, plan.Memory.TasksPerInstance);
        Assert.Equal(new Mebibytes(hardSum), plan.Memory.HardLimitsPerInstance);
        Assert.Equal(new Mebibytes(available), plan.Memory.AvailablePerInstance);
        Assert.Equal(new Mebibytes(overCommit), plan.Memory.OverCommit);
        Assert.Equal(overCommit > 0, plan.Memory.IsOverCommitted);
        Assert.Equal(overCommit > 0, plan.Warnings.Any(w => w.Code == SizingWarning.MemoryOverCommit));
    }

    [Theory]
    [InlineData("t3.small", 512)]
    [InlineData("t3.small", 256)]
    [InlineData("t3.micro", 512)]
    public void The_suggested_fix_plans_without_over_commit(string type, long memory)
    {
        var plan = CapacityPlanner.Plan(new SizingInputs { InstanceType = type, ContainerMemory = new(memory) });
        var warning = Assert.Single(plan.Warnings, w => w.Code == SizingWarning.MemoryOverCommit);
        Assert.NotNull(warning.Fix);

        var fixedPlan = CapacityPlanner.Plan(ParseSizeCommand(warning.Fix!));
        Assert.False(fixedPlan.Memory.IsOverCommitted, warning.Fix);
        Assert.Empty(fixedPlan.Warnings);
        Assert.True(fixedPlan.TasksPerInstance >= 1);
    }

    [Fact]
    public void T3_small_with_512_MB_keeps_its_memory_and_reserves_it_whole()
    {
        var plan = CapacityPlanner.Plan(new SizingInputs { InstanceType = "t3.small", ContainerMemory = new(512) });
        var w = Assert.Single(plan.Warnings);
        Assert.Contains("1536 MB per instance on 1248 MB available", w.Message);
        Assert.Equal("pypikit size --instance t3.small --instances 2 --container-memory 512 --reservation 512", w.Fix);
        Assert.Equal(2, plan.Memory.FittingTasksPerInstance);
        Assert.Equal(new Mebibytes(416), plan.Memory.FittingHardLimit);
    }

    [Fact]
    public void A_host_with_no_room_for_any_container_says_so_without_a_fix()
    {
        var plan = CapacityPlanner.Plan(new SizingInputs { InstanceType = "t3.micro", HostMemory = new(916) });
        var w = Assert.Single(plan.Warnings);
        Assert.Null(w.Fix);
        Assert.Contains("larger instance type", w.Message);
    }

    [Fact]
    public void The_plan_json_carries_the_commitment_and_the_warning()
    {
        var plan = CapacityPlanner.Plan(new SizingInputs { InstanceType = "t3.small", ContainerMemory = new(512) });
        using var doc = JsonDocument.Parse(PypiKitJson.Serialize(plan));
        var memory = doc.RootElement.GetProperty("memory");
        Assert.Equal(1536, memory.GetProperty("hard_limits_per_instance").GetInt64());
        Assert.True(memory.GetProperty("is_over_committed").GetBoolean());
        Assert.Equal(SizingWarning.MemoryOverCommit, doc.RootElement.GetProperty("warnings")[0].GetProperty("code").GetString());
    }

    /// <summary>Reads the flags a fix names back into inputs (the subset <see cref="SizingCommandLine"/> writes here).</summary>
    private static SizingInputs ParseSizeCommand(string command)
    {
        var words = command.Split(' ');
        string Value(string flag) => words[Array.IndexOf(words, flag) + 1];
        var inputs = new SizingInputs
        {
            InstanceType = Value("--instance"), InstanceCount = int.Parse(Value("--instances")),
            ContainerMemory = new(long.Parse(Value("--container-memory"))),
        };
        if (words.Contains("--reservation")) inputs = inputs with { ContainerMemoryReservation = new(long.Parse(Value("--reservation"))) };
        if (words.Contains("--host-memory")) inputs = inputs with { HostMemory = new(long.Parse(Value("--host-memory"))) };
        return inputs;
    }
}
