using PypiKit.Sizing;
using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Yaml.Y;

namespace PypiKit.Automation.Rendering;

/// <summary>Stack outputs: URL, credentials (secret), the resource names telemetry reads, the capacity plan.</summary>
public sealed partial class PulumiYamlRenderer
{
    private void Outputs()
    {
        var z = _m.Plan;
        _outputs.Set("url", Str("https://${domainName}"));
        _outputs.Set("username", Secret(Ref("pypiUsername.id")));
        _outputs.Set("password", Secret(Ref("pypiPassword.result")));
        _outputs.Set(LoadGeneratorOutputs.CredentialsSecretArn, Ref("credentialsSecret.arn"));
        _outputs.Set("loadBalancerArn", Ref("alb.arn"));
        _outputs.Set("loadBalancerDnsName", Ref("alb.dnsName"));
        _outputs.Set("targetGroupArn", Ref("targetGroup.arn"));
        _outputs.Set("clusterName", Ref("cluster.name"));
        _outputs.Set("serviceName", Ref("service.name"));
        if (_m.Cluster.UsesEc2) _outputs.Set("asgName", Ref("autoScalingGroup.name"));
        _outputs.Set("efsFileSystemId", Ref("efsFileSystem.id"));
        _outputs.Set("alarmTopicArn", Ref("alarmTopic.arn"));
        _outputs.Set("dashboardName", Ref("dashboard.dashboardName"));
        _outputs.Set("dashboardUrl", Str("https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards:name=${dashboard.dashboardName}"));
        if (_m.LoadBalancer.CloudFront is not null) _outputs.Set("cloudFrontDomainName", Ref("cloudFrontDistribution.domainName"));
        TelemetryOutputs();
        _outputs.Set("capacityInfo", Map(
            ("instance_type", Str(z.InstanceType)), ("instance_vcpu_count", Int(z.InstanceVcpuCount)), ("instance_ram_mb", Int(z.InstanceRamMb.Value)),
            ("container_memory_mb", Int(z.ContainerMemoryMb.Value)), ("container_memory_reservation_mb", Int(z.ContainerMemoryReservationMb.Value)),
            ("container_cpu_units", Int(z.ContainerCpuUnits.Value)), ("gunicorn_workers_per_container", Int(z.GunicornWorkersPerContainer)),
            ("tasks_per_instance", Int(z.TasksPerInstance)), ("limiting_factor", Str(z.LimitingFactor == LimitingFactor.Ram ? "RAM" : "CPU")),
            ("asg_instance_count", Int(z.AsgInstanceCount)), ("actual_task_min_count", Int(z.ActualTaskMinCount)), ("actual_task_max_count", Int(z.ActualTaskMaxCount))));
    }
}
