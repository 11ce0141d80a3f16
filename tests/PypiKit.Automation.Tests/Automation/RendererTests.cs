using PypiKit.Sizing;
using PypiKit.Automation.Model;
using PypiKit.Automation.Rendering;
using PypiKit.Automation.Validation;
using PypiKit.Automation.Yaml;

namespace PypiKit.Automation.Tests.Automation;

public class RendererTests
{
    [Theory]
    [MemberData(nameof(StackVariants.Names), MemberType = typeof(StackVariants))]
    public void Every_variant_passes_offline_schema_validation(string variant)
    {
        var stack = StackVariants.Render(variant);
        var report = SchemaValidator.Default.Validate(stack.ProjectYaml);
        Assert.True(report.IsValid, report.ToString());
        Assert.Empty(report.Warnings);
        Assert.True(report.ResourceCount > 40, $"only {report.ResourceCount} resources");
    }

    [Fact]
    public void Rendering_is_deterministic()
    {
        var a = StackVariants.Render("default");
        var b = StackVariants.Render("default");
        Assert.Equal(a.ProjectYaml, b.ProjectYaml);
        Assert.Equal(a.StackConfigYaml, b.StackConfigYaml);
    }

    [Fact]
    public void Every_variant_writes_the_project_and_stack_files()
    {
        using var temp = new TempDir("pypikit-render-");
        var dir = temp.Path;
        foreach (var v in StackVariants.All.Keys)
        {
            var files = StackVariants.Render(v).WriteTo(Path.Combine(dir, v));
            Assert.Equal(["Pulumi.yaml", "Pulumi.dev.yaml"], files.Select(Path.GetFileName));
            Assert.StartsWith("# Rendered by PypiKit", File.ReadAllText(files[0]));
        }
    }
}

public class StackModelTests
{
    [Fact]
    public void FromPlan_takes_the_sizing_numbers_of_a_capacity_plan()
    {
        var plan = PypiKit.Sizing.CapacityPlanner.Plan(new PypiKit.Sizing.SizingInputs { InstanceType = "c6a.xlarge", InstanceCount = 2, ContainerMemory = new(512) });
        var model = StackModel.FromPlan(plan);
        Assert.Equal("c6a.xlarge", model.Cluster.InstanceType);
        Assert.Equal(12, model.Service.TaskMinCount);
        Assert.Equal(24, model.Service.TaskMaxCount);
        Assert.Equal(640, model.Service.ContainerCpuUnits);
        Assert.Equal(384, model.Service.ContainerMemoryReservationMb);
        Assert.Equal(4, model.Service.GunicornWorkers);
        Assert.Equal(2, model.Cluster.AsgMinSize);
        var yaml = PulumiYamlRenderer.Render(model, "prod").ProjectYaml;
        Assert.Contains("instanceType: c6a.xlarge", yaml);
        Assert.Contains("limiting_factor: CPU", yaml);
        Assert.True(SchemaValidator.Default.Validate(yaml).IsValid);
    }

    [Fact]
    public void The_stack_takes_the_plan_with_its_units_for_the_module_default_t3_small()
    {
        var model = StackModel.FromPlan(StackVariants.ReferencePlan);
        Assert.Same(StackVariants.ReferencePlan, model.Plan);
        Assert.Same(model.Plan, model.Service.Plan);
        Assert.Equal(new PypiKit.Units.Mebibytes(512), model.Service.ContainerMemory);
        Assert.Equal(new PypiKit.Units.Mebibytes(384), model.Service.ContainerMemoryReservation);
        Assert.Equal(new PypiKit.Units.CpuUnits(640), model.Service.ContainerCpu);
        Assert.Equal((6, 12, 4), (model.Service.TaskMinCount, model.Service.TaskMaxCount, model.Service.GunicornWorkers));
        Assert.Equal((2, 6), (model.Cluster.AsgMinSize, model.Cluster.AsgMaxSize));
    }

    [Fact]
    public void Container_memory_is_validated_once_where_the_plan_is_made()
    {
        var ex = Assert.Throws<InvalidInputException>(() => CapacityPlanner.Plan(new SizingInputs { ContainerMemory = new(SizingInputs.MaxContainerMemory + 1) }));
        Assert.Equal("container_memory", ex.Input);
        Assert.Contains($"{SizingInputs.MinContainerMemory} and {SizingInputs.MaxContainerMemory}", ex.Message);
    }

    [Theory]
    [InlineData(640, 512, 1024, 2048)]
    [InlineData(340, 256, 512, 1024)]
    [InlineData(128, 1500, 256, 2048)]
    [InlineData(1240, 1024, 2048, 4096)]
    public void Fargate_sizes_round_up_to_valid_task_sizes(long cpu, long mem, long taskCpu, long taskMem) =>
        Assert.Equal(new FargateTaskSize(new(taskCpu), new(taskMem)), StackModel.FargateSize(new(cpu), new(mem)));

    [Fact]
    public void Options_errors_name_the_field()
    {
        var ex = Assert.Throws<InvalidInputException>(() => StackModel.FromPlan(StackVariants.ReferencePlan, new StackOptions { EfsThroughput = EfsThroughputMode.Provisioned }));
        Assert.Equal("efs_provisioned_mibps", ex.Input);
        Assert.Equal("hosted_zone_id", Assert.Throws<InvalidInputException>(() => new StackOptions { HostedZoneId = "nope" }.Validate()).Input);
    }

    [Fact]
    public void Reference_defects_are_fixed_in_the_rendered_program()
    {
        var yaml = StackVariants.Render("default").ProjectYaml;
        Assert.Contains("path: /health", yaml);
        Assert.Contains("type: lb_cookie\n        enabled: false", yaml);
        Assert.Contains("--backend simple-dir --authenticate download,list,update -P", yaml);
        Assert.Contains("name: GUNICORN_WORKERS", yaml);
        Assert.Contains("/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id", yaml);
        Assert.Contains("predefinedMetricType: ECSServiceAverageCPUUtilization", yaml);
        Assert.Contains("targetValue: 60", yaml);
        Assert.Contains("sslPolicy: ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06", yaml);
        var program = StackVariants.Render("default").Program;
        var widgets = ((YMap)PypiKit.Automation.Policy.ProgramView.JsonDoc(program.Map("resources")!.Map("dashboard")!.Map("properties")!["dashboardBody"])!).Seq("widgets")!;
        Assert.Equal(Dashboard.WidgetCount + Dashboard.HostWidgetCount, widgets.Items.Count); // the default stack runs on EC2 hosts
        var alarms = program.Map("resources")!.Entries.Count(e => ((YMap)e.Value).Str("type") == "aws:cloudwatch:MetricAlarm");
        Assert.Equal(PulumiYamlRenderer.AlarmsOf(StackModel.FromPlan(StackVariants.ReferencePlan, StackVariants.All["default"])).Count, alarms);
        Assert.Equal(7, alarms); // the reference module's six and the ECS memory alarm
        var step = StackVariants.Render("step-scaling").ProjectYaml;
        Assert.Contains("threshold: 80", step);
        Assert.Contains("threshold: 20", step);
        Assert.Contains("cooldown: 300", step);
    }
}
