using System.Globalization;
using PypiKit.Sizing;
using PypiKit.Automation.Model;
using PypiKit.Automation.Rendering;
using PypiKit.Automation.Validation;
using PypiKit.Automation.Yaml;
using PypiKit.Telemetry;
using PypiKit.Telemetry.Alarms;

namespace PypiKit.Automation.Tests.Automation;

/// <summary>The rendered alarms are the one definition (<see cref="StackAlarms"/>), and the outputs carry them for telemetry.</summary>
public sealed class AlarmRenderingTests
{
    [Theory]
    [MemberData(nameof(StackVariants.Names), MemberType = typeof(StackVariants))]
    public void Every_rendered_alarm_is_its_definition_and_the_outputs_list_them(string variant)
    {
        var model = StackModel.FromPlan(StackVariants.ReferencePlan, StackVariants.All[variant]);
        var program = PulumiYamlRenderer.Render(model, "dev").Program;
        var resources = program.Map("resources")!;
        var defs = PulumiYamlRenderer.AlarmsOf(model);
        var rendered = resources.Keys.Where(k => resources.Map(k)!.Str("type") == "aws:cloudwatch:MetricAlarm" && !k.StartsWith("serviceCpu", StringComparison.Ordinal)).ToList();
        Assert.Equal(defs.Select(d => d.Key).Order(), rendered.Order());
        foreach (var d in defs)
        {
            var p = resources.Map(d.Key)!.Map("properties")!;
            Assert.Equal(d.Threshold, double.Parse(p.Str("threshold")!, CultureInfo.InvariantCulture));
            Assert.Equal(d.ComparisonOperator, p.Str("comparisonOperator"));
            Assert.Equal(d.EvaluationPeriods.ToString(CultureInfo.InvariantCulture), p.Str("evaluationPeriods"));
            if (d.Expression is null)
            {
                Assert.Equal(d.MetricName, p.Str("metricName"));
                Assert.Equal(d.PeriodSeconds.ToString(CultureInfo.InvariantCulture), p.Str("period"));
            }
            else Assert.Equal(d.Queries.Count + 1, p.Seq("metricQueries")!.Items.Count);
        }
        Assert.Contains(defs, d => d is { MetricName: "MemoryUtilization", Namespace: "AWS/ECS", Threshold: AlarmThresholds.EcsMemoryPercentDefault });

        var outputs = program.Map("outputs")!;
        Assert.Equal("${logGroup.name}", outputs.Str("logGroupName"));
        var listed = outputs.Seq("alarms")!.Items.Cast<YMap>().ToList();
        Assert.Equal(defs.Select(d => "${" + d.Key + ".name}"), listed.Select(a => a.Str("name")));
        Assert.Equal(defs.Select(d => d.Threshold.ToString("R", CultureInfo.InvariantCulture)), listed.Select(a => a.Str("threshold")));
    }

    [Fact]
    public void The_latency_threshold_follows_the_idle_timeout_and_telemetry_reads_the_deployed_one()
    {
        var options = StackVariants.All["default"];
        var model = StackModel.FromPlan(StackVariants.ReferencePlan, options);
        var latency = PulumiYamlRenderer.AlarmsOf(model).Single(a => a.NameSuffix == "high-latency");
        Assert.Equal(AlarmThresholds.LatencyShareOfIdleTimeout * options.IdleTimeoutSeconds, latency.Threshold);

        // What 'pulumi stack output --json' gives back, read by telemetry: the panel evaluates the deployed threshold.
        var outputs = System.Text.Json.JsonDocument.Parse($$"""
            {"clusterName":"c","serviceName":"s",
             "loadBalancerArn":"arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/pypi/1",
             "targetGroupArn":"arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/pypi/2",
             "alarms":[{"name":"pypi-high-latency","namespace":"AWS/ApplicationELB","metric_name":"TargetResponseTime",
                        "dimensions":{"LoadBalancer":"app/pypi/1","TargetGroup":"targetgroup/pypi/2"},"statistic":"Average","period":60,
                        "evaluation_periods":2,"threshold":{{latency.Threshold.ToString("R", CultureInfo.InvariantCulture)}},"comparison_operator":"GreaterThanThreshold"}]}
            """);
        var target = StackTarget.FromOutputs(outputs.RootElement);
        Assert.Equal("pypi-high-latency", Assert.Single(target.Alarms).Name);
        var panel = MetricCatalog.Get("alarm-high-latency", target);
        Assert.Equal(latency.Threshold, panel.Alarm!.Threshold);
        Assert.Equal(["LoadBalancer", "TargetGroup"], panel.Lines.Single().Metric!.Dimensions.Select(d => d.Name).Order());
    }

    [Fact]
    public void Ec2_hosts_run_the_cloudwatch_agent_with_least_privilege_and_the_dimensions_telemetry_queries()
    {
        var stack = StackVariants.Render("default");
        Assert.Empty(SchemaValidator.Default.Validate(stack.ProjectYaml).Errors);
        var resources = stack.Program.Map("resources")!;
        var parameter = resources.Map("cloudWatchAgentConfig")!;
        Assert.Equal("aws:ssm:Parameter", parameter.Str("type"));
        var config = stack.ProjectYaml[stack.ProjectYaml.IndexOf("cloudWatchAgentConfig:", StringComparison.Ordinal)..];
        Assert.Contains("mem_used_percent", config);
        Assert.Contains("swap_used_percent", config);
        Assert.Contains("cpu_usage_iowait", config);
        Assert.Contains("$${aws:InstanceId}", config); // escaped: the agent fills it in, not Pulumi
        Assert.Contains("fetch-config -m ec2 -s -c ssm:${cloudWatchAgentConfig.name}", stack.ProjectYaml);

        var policy = resources.Map("instanceRoleAgentPolicy")!;
        Assert.Equal("${instanceRole.name}", policy.Map("properties")!.Str("role"));
        var text = stack.ProjectYaml[stack.ProjectYaml.IndexOf("instanceRoleAgentPolicy:", StringComparison.Ordinal)..];
        Assert.Contains("cloudwatch:namespace: " + PulumiYamlRenderer.AgentNamespace, text);
        Assert.Contains("Resource: ${cloudWatchAgentConfig.arn}", text);

        // The host panels query the agent's namespace with exactly the aggregated dimensions.
        var hostMemory = MetricCatalog.Get("host-memory", new StackTarget { InstanceIds = ["i-1"] });
        Assert.All(hostMemory.Lines, l => Assert.Equal((PulumiYamlRenderer.AgentNamespace, "InstanceId"), (l.Metric!.Namespace, Assert.Single(l.Metric.Dimensions).Name)));
        var byGroup = MetricCatalog.Get("host-swap", new StackTarget { AutoScalingGroupName = "asg" });
        Assert.Equal("AutoScalingGroupName", Assert.Single(Assert.Single(byGroup.Lines).Metric!.Dimensions).Name);

        Assert.Null(StackVariants.Render("fargate").Program.Map("resources")!.Map("cloudWatchAgentConfig")); // no hosts, no agent
    }
}
