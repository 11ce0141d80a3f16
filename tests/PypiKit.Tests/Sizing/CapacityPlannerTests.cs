using System.Text.Json;
using PypiKit.Json;
using PypiKit.Sizing;
using PypiKit.Units;

namespace PypiKit.Tests.Sizing;

public class CapacityPlannerTests
{
    // Every row of the reference's §2.2 table (2 instances):
    // type, container_memory, workers, cpu, reservation, RAM tasks, CPU tasks, tasks/inst, task_min, task_max.
    [Theory]
    [InlineData("t3.micro", 512, 4, 640, 384, 1, 3, 1, 2, 4)]
    [InlineData("t3.small", 256, 2, 340, 192, 6, 5, 5, 10, 20)]
    [InlineData("t3.small", 512, 4, 640, 384, 3, 3, 3, 6, 12)]
    [InlineData("t3.medium", 512, 4, 640, 384, 8, 3, 3, 6, 12)]
    [InlineData("t3.medium", 1024, 8, 1240, 768, 4, 1, 1, 2, 4)]
    [InlineData("c6a.large", 512, 4, 640, 384, 8, 3, 3, 6, 12)]
    [InlineData("c6a.xlarge", 512, 4, 640, 384, 19, 6, 6, 12, 24)]
    [InlineData("c6a.xlarge", 1024, 8, 1240, 768, 9, 3, 3, 6, 12)]
    [InlineData("c6a.2xlarge", 512, 4, 640, 384, 40, 12, 12, 24, 48)]
    [InlineData("c6a.2xlarge", 1024, 8, 1240, 768, 20, 6, 6, 12, 24)]
    public void Reproduces_every_row_of_the_reference_table(string type, long memory, int workers, long cpu, long reservation,
        int ramTasks, int cpuTasks, int perInstance, int taskMin, int taskMax)
    {
        var plan = CapacityPlanner.Plan(new SizingInputs { InstanceType = type, InstanceCount = 2, ContainerMemory = new(memory) });
        Assert.Equal(workers, plan.GunicornWorkersPerContainer);
        Assert.Equal(new CpuUnits(cpu), plan.ContainerCpuUnits);
        Assert.Equal(new Mebibytes(reservation), plan.ContainerMemoryReservationMb);
        Assert.Equal(ramTasks, plan.TasksPerInstanceRamLimit);
        Assert.Equal(cpuTasks, plan.TasksPerInstanceCpuLimit);
        Assert.Equal(perInstance, plan.TasksPerInstance);
        Assert.Equal(taskMin, plan.ActualTaskMinCount);
        Assert.Equal(taskMax, plan.ActualTaskMaxCount);
        Assert.Equal(ramTasks < cpuTasks ? LimitingFactor.Ram : LimitingFactor.Cpu, plan.LimitingFactor);
    }

    [Theory]
    [InlineData(256, 2)]
    [InlineData(512, 4)]
    [InlineData(768, 6)]
    [InlineData(1024, 8)]
    [InlineData(128, 2)]   // floor of max(2, …)
    [InlineData(4096, 8)]  // cap of min(8, …)
    public void Worker_formula_matches_the_module_examples(long memory, int workers) =>
        Assert.Equal(workers, CapacityPlanner.DefaultWorkers(new Mebibytes(memory)));

    [Theory]
    [InlineData(2, 340)]
    [InlineData(4, 640)]
    [InlineData(6, 940)]
    public void Cpu_formula_matches_the_module_examples(int workers, long units) =>
        Assert.Equal(new CpuUnits(units), CapacityPlanner.DefaultContainerCpu(workers));

    [Theory]
    [InlineData(2, 5)]  // 2 workers → 340 units → 5 tasks on t3.small
    [InlineData(4, 3)]
    [InlineData(6, 2)]
    public void Cpu_examples_give_the_documented_tasks_on_t3_small(int workers, int tasks)
    {
        var plan = CapacityPlanner.Plan(new SizingInputs { InstanceType = "t3.small", ContainerMemory = new(256), GunicornWorkers = workers, ContainerMemoryReservation = new(128) });
        Assert.Equal(tasks, plan.TasksPerInstanceCpuLimit);
    }

    [Fact]
    public void T3_small_reference_plan_has_the_acceptance_figures()
    {
        var plan = CapacityPlanner.Plan(new SizingInputs { InstanceType = "t3.small", InstanceCount = 2, ContainerMemory = new(512) });
        Assert.Equal(new Mebibytes(1248), plan.AvailableRamMbPerInstance);
        Assert.Equal(new CpuUnits(1920), plan.AvailableCpuUnitsPerInstance);
        Assert.Equal(new Mebibytes(800), plan.SystemOverheadMb);
        Assert.Equal(6, plan.AutoCalculatedTaskMinCount);
        Assert.Equal(6, plan.AsgMaxSize); // §2.3: max(ceil(12/2)=6, ceil(12/3)=4, 3)
    }

    [Fact]
    public void C6a_xlarge_has_7392_MB_available_and_is_cpu_limited()
    {
        var plan = CapacityPlanner.Plan(new SizingInputs { InstanceType = "c6a.xlarge", ContainerMemory = new(512) });
        Assert.Equal(new Mebibytes(7392), plan.AvailableRamMbPerInstance);
        Assert.Equal(LimitingFactor.Cpu, plan.LimitingFactor);
        Assert.Equal(48, plan.TotalWorkersAtMin);
    }

    [Fact]
    public void Asg_max_follows_the_ecs_module_formula()
    {
        // t3.small/512, task_max 12: max(ceil(12 / ((2048-1024-256)/384)) = 6, ceil(12 / ((2048-128)/640)) = 4, 2+1) = 6
        Assert.Equal(6, CapacityPlanner.AsgMax(12, new(2048), 2, new(384), new(640), 2));
        // c6a.xlarge/512, task_max 24: mem (8192-1280)/384 = 18 → 2; cpu (4096-128)/640 = 6.2 → ceil(3.87) = 4; asg_min+1 = 3 → 4
        Assert.Equal(4, CapacityPlanner.AsgMax(24, new(8192), 4, new(384), new(640), 2));
        // t3.micro: the memory term's divisor is negative (1024-1280) and is skipped.
        Assert.Equal(3, CapacityPlanner.AsgMax(4, new(1024), 2, new(384), new(640), 2));
        // An explicit asg_max_size wins.
        Assert.Equal(9, CapacityPlanner.Plan(new SizingInputs { AsgMaxSize = 9 }).AsgMaxSize);
    }

    [Fact]
    public void Overrides_are_honoured()
    {
        var plan = CapacityPlanner.Plan(new SizingInputs
        {
            InstanceType = "c6a.xlarge", ContainerMemory = new(1024), GunicornWorkers = 3, ContainerCpu = new(512),
            ContainerMemoryReservation = new(1000), TaskMinCount = 4, TaskMaxCount = 5,
        });
        Assert.Equal(3, plan.GunicornWorkersPerContainer);
        Assert.Equal(new CpuUnits(512), plan.ContainerCpuUnits);
        Assert.Equal(new Mebibytes(1000), plan.ContainerMemoryReservationMb);
        Assert.Equal(7, plan.TasksPerInstanceRamLimit);   // 7392 / 1000
        Assert.Equal(7, plan.TasksPerInstanceCpuLimit);   // 3968 / 512
        Assert.Equal(LimitingFactor.Cpu, plan.LimitingFactor); // ties report CPU
        Assert.Equal(14, plan.AutoCalculatedTaskMinCount);
        Assert.Equal(4, plan.ActualTaskMinCount);
        Assert.Equal(5, plan.ActualTaskMaxCount);
    }

    [Fact]
    public void Page_cache_512_as_in_the_module_docs_changes_available_ram()
    {
        var plan = CapacityPlanner.Plan(new SizingInputs { PageCache = new(512) });
        Assert.Equal(new Mebibytes(812), plan.SystemOverheadMb);
        Assert.Equal(new Mebibytes(1236), plan.AvailableRamMbPerInstance);
        Assert.Contains(plan.Notes, n => n.Contains("512"));
    }

    [Fact]
    public void Visible_host_memory_can_replace_the_nominal_figure()
    {
        var micro = InstanceCatalog.Default.Get("t3.micro");
        Assert.Equal(new Mebibytes(916), micro.VisibleMemory);
        var measured = CapacityPlanner.Plan(new SizingInputs { InstanceType = "t3.micro", ContainerMemory = new(128), UseVisibleMemory = true });
        Assert.Equal(new Mebibytes(916), measured.InstanceRamMb);
        Assert.Equal(new Mebibytes(1024), measured.InstanceNominalRamMb);
        Assert.Equal(HostMemorySource.Measured, measured.HostMemorySource);
        Assert.Equal(new Mebibytes(116), measured.AvailableRamMbPerInstance);
        var user = CapacityPlanner.Plan(new SizingInputs { InstanceType = "t3.small", HostMemory = new(1900) });
        Assert.Equal(HostMemorySource.User, user.HostMemorySource);
        Assert.Equal(new Mebibytes(1100), user.AvailableRamMbPerInstance);
    }

    [Fact]
    public void Json_uses_the_capacity_info_names()
    {
        var plan = CapacityPlanner.Plan(new SizingInputs { InstanceType = "t3.small" });
        using var doc = JsonDocument.Parse(PypiKitJson.Serialize(plan));
        var root = doc.RootElement;
        string[] fields =
        [
            "instance_type", "instance_vcpu_count", "instance_ram_mb", "system_overhead_mb", "available_ram_mb_per_instance",
            "available_cpu_units_per_instance", "container_memory_mb", "container_memory_reservation_mb", "container_cpu_units",
            "tasks_per_instance_ram_limit", "tasks_per_instance_cpu_limit", "tasks_per_instance", "limiting_factor",
            "asg_instance_count", "auto_calculated_task_min_count", "actual_task_min_count", "actual_task_max_count",
            "gunicorn_workers_per_container",
        ];
        foreach (var f in fields) Assert.True(root.TryGetProperty(f, out _), $"missing {f}");
        Assert.Equal("CPU", root.GetProperty("limiting_factor").GetString());
        Assert.Equal(640, root.GetProperty("container_cpu_units").GetInt32());
        Assert.Equal("ec2_api", root.GetProperty("host_memory_source").GetString());
        var ramLimited = CapacityPlanner.Plan(new SizingInputs { InstanceType = "t3.micro" });
        Assert.Contains("\"limiting_factor\": \"RAM\"", PypiKitJson.Serialize(ramLimited));
    }

    [Theory]
    [InlineData("container_memory")]
    [InlineData("container_memory_reservation")]
    [InlineData("container_cpu")]
    [InlineData("gunicorn_workers")]
    [InlineData("task_min_count")]
    [InlineData("task_max_count")]
    [InlineData("asg_max_size")]
    [InlineData("asg_min_size")]
    [InlineData("asg_instance_type")]
    public void Out_of_range_inputs_name_the_input(string input)
    {
        var bad = input switch
        {
            "container_memory" => new SizingInputs { ContainerMemory = new(64) },
            "container_memory_reservation" => new SizingInputs { ContainerMemoryReservation = new(600) },
            "container_cpu" => new SizingInputs { ContainerCpu = new(5000) },
            "gunicorn_workers" => new SizingInputs { GunicornWorkers = 17 },
            "task_min_count" => new SizingInputs { TaskMinCount = -1 },
            "task_max_count" => new SizingInputs { TaskMinCount = 5, TaskMaxCount = 4 },
            "asg_max_size" => new SizingInputs { AsgMaxSize = 0 },
            "asg_min_size" => new SizingInputs { InstanceCount = -1 },
            _ => new SizingInputs { InstanceType = "C6A XL" },
        };
        var ex = Assert.Throws<InvalidInputException>(() => CapacityPlanner.Plan(bad));
        Assert.Equal(input, ex.Input);
        Assert.Contains(input, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData(128)]
    [InlineData(30720)]
    public void Range_bounds_are_inclusive(long memory) =>
        Assert.Equal(new Mebibytes(memory), CapacityPlanner.Plan(new SizingInputs { InstanceType = "r6a.xlarge", ContainerMemory = new(memory) }).ContainerMemoryMb);

    [Fact]
    public void Task_max_below_an_automatic_min_is_rejected()
    {
        var ex = Assert.Throws<InvalidInputException>(() => CapacityPlanner.Plan(new SizingInputs { TaskMaxCount = 2 }));
        Assert.Equal("task_max_count", ex.Input);
    }
}

public class CapacityPlanJsonTests
{
    [Fact]
    public void A_plan_round_trips_through_the_project_json()
    {
        var plan = CapacityPlanner.Plan(SizingInputs.For("t3.micro", 2, 512));
        var back = PypiKit.Json.PypiKitJson.Deserialize<CapacityPlan>(PypiKit.Json.PypiKitJson.Serialize(plan));
        Assert.Equal(plan with { Notes = [], Warnings = [] }, back with { Notes = [], Warnings = [] });
        Assert.Equal(plan.Notes, back.Notes);
        Assert.Equal(plan.Warnings, back.Warnings);
        Assert.Equal(LimitingFactor.Ram, back.LimitingFactor);
    }

    [Fact]
    public void Latency_range_follows_the_concurrency()
    {
        var range = LatencyModel.PredictRange(new LatencyModelInputs { Workers = 48, Clients = 1 }, [10, 100, 510]);
        Assert.Equal([10, 100, 510], range.Select(p => p.Clients));
        Assert.True(range[0].P95LatencySeconds < range[2].P95LatencySeconds);
    }
}
