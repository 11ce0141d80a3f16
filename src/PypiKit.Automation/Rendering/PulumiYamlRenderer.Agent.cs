using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Yaml.Y;

namespace PypiKit.Automation.Rendering;

/// <summary>
/// The CloudWatch agent on every EC2 host: its configuration in an SSM parameter (memory used %, swap used %, iowait,
/// root disk used %, aggregated by <c>InstanceId</c> and by <c>AutoScalingGroupName</c> — the dimensions telemetry's host
/// panels query), an inline least-privilege policy on the instance role (PutMetricData into <c>CWAgent</c> only, read of
/// that one parameter, <c>ec2:DescribeTags</c> for the group name), and the user-data lines that install and start it.
/// </summary>
public sealed partial class PulumiYamlRenderer
{
    /// <summary>The namespace the agent publishes into (and the only one its policy allows).</summary>
    public const string AgentNamespace = "CWAgent";

    private void CloudWatchAgentResources()
    {
        // "$${…}" is Pulumi YAML's escape for a literal "${…}": the agent, not Pulumi, fills these in.
        var config = Map(
            ("agent", Map(("metrics_collection_interval", Int(60)))),
            ("metrics", Map(
                ("namespace", Str(AgentNamespace)),
                ("append_dimensions", Map(("InstanceId", Str("$${aws:InstanceId}")), ("AutoScalingGroupName", Str("$${aws:AutoScalingGroupName}")))),
                ("aggregation_dimensions", Seq(Strs("InstanceId"), Strs("AutoScalingGroupName"))),
                ("metrics_collected", Map(
                    ("mem", Map(("measurement", Strs("mem_used_percent")))),
                    ("swap", Map(("measurement", Strs("swap_used_percent")))),
                    ("cpu", Map(("measurement", Strs("cpu_usage_iowait")), ("totalcpu", Bool(true)))),
                    ("disk", Map(("measurement", Strs("used_percent")), ("resources", Strs("/")))))))));
        Res("cloudWatchAgentConfig", "aws:ssm:Parameter", Map(("name", Str($"/{Svc}/${{pulumi.stack}}/cloudwatch-agent")), ("type", Str("String")),
            ("description", Str("CloudWatch agent configuration of the ECS hosts (memory, swap, iowait, disk)")), ("value", ToJson(config))));
        Res("instanceRoleAgentPolicy", "aws:iam:RolePolicy", Map(("role", Ref("instanceRole.name")), ("policy", ToJson(Map(
            ("Version", Str("2012-10-17")), ("Statement", Seq(
                Map(("Sid", Str("PublishHostMetrics")), ("Effect", Str("Allow")), ("Action", Str("cloudwatch:PutMetricData")), ("Resource", Str("*")),
                    ("Condition", Map(("StringEquals", Map(("cloudwatch:namespace", Str(AgentNamespace))))))),
                Map(("Sid", Str("ReadAgentConfig")), ("Effect", Str("Allow")), ("Action", Str("ssm:GetParameter")),
                    ("Resource", Ref("cloudWatchAgentConfig.arn"))),
                Map(("Sid", Str("ReadInstanceTags")), ("Effect", Str("Allow")), ("Action", Str("ec2:DescribeTags")), ("Resource", Str("*"))))))))));
    }

    /// <summary>User-data lines that install the agent and start it with the parameter's configuration.</summary>
    private static string CloudWatchAgentUserData() =>
        "dnf install -y amazon-cloudwatch-agent\n" +
        "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c ssm:${cloudWatchAgentConfig.name}\n";
}
