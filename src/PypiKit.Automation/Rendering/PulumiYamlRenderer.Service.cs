using System.Globalization;
using PypiKit.Automation.Model;
using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Yaml.Y;

namespace PypiKit.Automation.Rendering;

/// <summary>The task definition, the ECS service and its autoscaling.</summary>
public sealed partial class PulumiYamlRenderer
{
    private void Service()
    {
        var s = _m.Service;
        var ec2 = _m.Cluster.UsesEc2;
        Res("taskExecutionRole", "aws:iam:Role", Map(("namePrefix", Str($"{Svc}-exec-")), ("assumeRolePolicy", AssumeRole("ecs-tasks.amazonaws.com")),
            ("description", Str("ECS agent: pull the image, write logs, read the credentials secret"))));
        Res("taskExecutionRolePolicy", "aws:iam:RolePolicyAttachment", Map(("role", Ref("taskExecutionRole.name")),
            ("policyArn", Str("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"))));
        Res("taskExecutionSecretPolicy", "aws:iam:RolePolicy", Map(("role", Ref("taskExecutionRole.id")),
            ("policy", ToJson(Map(("Version", Str("2012-10-17")), ("Statement", Seq(
                Map(("Effect", Str("Allow")), ("Action", Strs("secretsmanager:GetSecretValue")), ("Resource", Seq(Ref("credentialsSecret.arn")))))))))));
        Res("taskRole", "aws:iam:Role", Map(("namePrefix", Str($"{Svc}-task-")), ("assumeRolePolicy", AssumeRole("ecs-tasks.amazonaws.com")),
            ("description", Str("pypiserver tasks: mount the package volume through its access point"))));
        Res("taskEfsPolicy", "aws:iam:RolePolicy", Map(("role", Ref("taskRole.id")),
            ("policy", ToJson(Map(("Version", Str("2012-10-17")), ("Statement", Seq(
                Map(("Effect", Str("Allow")), ("Action", Strs("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite")),
                    ("Resource", Seq(Ref("efsFileSystem.arn"))),
                    ("Condition", Map(("StringEquals", Map(("elasticfilesystem:AccessPointArn", Ref("efsAccessPoint.arn"))))))))))))));

        var inv = CultureInfo.InvariantCulture;
        var script = string.Join('\n',
            "set -eu",
            "mkdir -p /tmp/pypikit && cd /tmp/pypikit",
            "umask 077",
            "printf '%s\\n' \"$$PYPISERVER_HTPASSWD\" > htpasswd",
            "printf 'import os\\nworkers = int(os.environ.get(\"GUNICORN_WORKERS\", \"4\"))\\nworker_class = \"gevent\"\\npreload_app = True\\nerrorlog = \"-\"\\n' > gunicorn.conf.py",
            "exec pypi-server " + string.Join(' ', s.PypiServerArgs));
        var container = Map(
            ("name", Str("pypiserver")),
            ("image", Str(ImageUri())),
            ("essential", Bool(true)),
            ("cpu", Int(s.ContainerCpuUnits)),
            ("memory", Int(s.ContainerMemoryMb)),
            ("memoryReservation", Int(s.ContainerMemoryReservationMb)),
            ("user", Str($"{_m.Storage.PosixUid}:{_m.Storage.PosixGid}")),
            ("portMappings", Seq(Map(("containerPort", Int(s.ContainerPort)), ("hostPort", Int(ec2 ? 0 : s.ContainerPort)), ("protocol", Str("tcp"))))),
            ("environment", Seq(Map(("name", Str("GUNICORN_WORKERS")), ("value", Str(s.GunicornWorkers.ToString(inv)))))),
            ("secrets", Seq(Map(("name", Str("PYPISERVER_HTPASSWD")), ("valueFrom", Str("${credentialsSecret.arn}:htpasswd::"))))),
            ("entryPoint", Strs("/bin/sh", "-c")),
            ("command", Seq(Str(script))),
            ("mountPoints", Seq(Map(("sourceVolume", Str("packages")), ("containerPath", Str(ServiceSpec.PackagesPath)), ("readOnly", Bool(false))))),
            ("healthCheck", Map(
                ("command", Strs("CMD", "python", "-c", $"import urllib.request; urllib.request.urlopen('http://127.0.0.1:{s.ContainerPort}{_m.LoadBalancer.HealthCheck.Path}', timeout=4)")),
                ("interval", Int(30)), ("timeout", Int(5)), ("retries", Int(3)), ("startPeriod", Int(30)))),
            ("ulimits", Seq(Map(("name", Str("nofile")), ("softLimit", Int(65536)), ("hardLimit", Int(65536))))),
            ("logConfiguration", Map(("logDriver", Str("awslogs")), ("options", Map(
                ("awslogs-group", Ref("logGroup.name")), ("awslogs-region", Ref("region")), ("awslogs-stream-prefix", Str("pypiserver")))))));
        Res("taskDefinition", "aws:ecs:TaskDefinition", Map(
            ("family", Str(N("pypiserver"))),
            ("networkMode", Str(ec2 ? "bridge" : "awsvpc")),
            ("requiresCompatibilities", Strs(ec2 ? "EC2" : "FARGATE")),
            ("cpu", s.FargateTask is { } ftc ? Str(ftc.Cpu.Value.ToString(inv)) : null),
            ("memory", s.FargateTask is { } ftm ? Str(ftm.Memory.Value.ToString(inv)) : null),
            ("runtimePlatform", Map(("operatingSystemFamily", Str("LINUX")), ("cpuArchitecture", Str(_m.Cluster.Architecture.EcsName())))),
            ("executionRoleArn", Ref("taskExecutionRole.arn")),
            ("taskRoleArn", Ref("taskRole.arn")),
            ("volumes", Seq(Map(("name", Str("packages")), ("efsVolumeConfiguration", Map(
                ("fileSystemId", Ref("efsFileSystem.id")), ("transitEncryption", Str("ENABLED")),
                ("authorizationConfig", Map(("accessPointId", Ref("efsAccessPoint.id")), ("iam", Str("ENABLED"))))))))),
            ("containerDefinitions", ToJson(Seq(container)))));

        if (!ec2)
            Res("taskSecurityGroup", "aws:ec2:SecurityGroup", Map(("vpcId", Str(_vpcId)),
                ("description", Str("pypiserver tasks: port 8080 from the ALB only")),
                ("ingress", Seq(Map(("protocol", Str("tcp")), ("fromPort", Int(s.ContainerPort)), ("toPort", Int(s.ContainerPort)),
                    ("securityGroups", Seq(Ref("albSecurityGroup.id"))), ("description", Str("from the ALB"))))),
                ("egress", Seq(Map(("protocol", Str("-1")), ("fromPort", Int(0)), ("toPort", Int(0)), ("cidrBlocks", Strs("0.0.0.0/0")),
                    ("description", Str("image pulls, Secrets Manager, EFS through the NAT / VPC"))))),
                ("tags", Map(("Name", Str(N("tasks")))))));

        var mountTargets = _resources.Keys.Where(k => k.StartsWith("efsMountTarget", StringComparison.Ordinal)).Select(k => (YNode)Ref(k));
        var strategy = _m.Cluster.Capacity switch
        {
            CapacityKind.Ec2 => Seq(Map(("capacityProvider", Ref("capacityProvider.name")), ("base", Int(1)), ("weight", Int(100)))),
            CapacityKind.Fargate => Seq(Map(("capacityProvider", Str("FARGATE")), ("base", Int(1)), ("weight", Int(1)))),
            _ => Seq(Map(("capacityProvider", Str("FARGATE")), ("base", Int(1)), ("weight", Int(0))),
                     Map(("capacityProvider", Str("FARGATE_SPOT")), ("weight", Int(1)))),
        };
        Res("service", "aws:ecs:Service", Map(
            ("name", Str("pypiserver")),
            ("cluster", Ref("cluster.arn")),
            ("taskDefinition", Ref("taskDefinition.arn")),
            ("desiredCount", Int(s.TaskMinCount)),
            ("capacityProviderStrategies", strategy),
            ("platformVersion", ec2 ? null : Str("1.4.0")),
            ("deploymentMinimumHealthyPercent", Int(100)),
            ("deploymentMaximumPercent", Int(200)),
            ("deploymentCircuitBreaker", Map(("enable", Bool(true)), ("rollback", Bool(true)))),
            ("healthCheckGracePeriodSeconds", Int(60)),
            ("loadBalancers", Seq(Map(("targetGroupArn", Ref("targetGroup.arn")), ("containerName", Str("pypiserver")), ("containerPort", Int(s.ContainerPort))))),
            ("networkConfiguration", ec2 ? null : Map(("subnets", Seq(_privateSubnets)), ("securityGroups", Seq(Ref("taskSecurityGroup.id"))), ("assignPublicIp", Bool(false)))),
            ("orderedPlacementStrategies", ec2 ? Seq(Map(("type", Str("spread")), ("field", Str("attribute:ecs.availability-zone"))),
                Map(("type", Str("spread")), ("field", Str("instanceId")))) : null),
            ("propagateTags", Str("SERVICE")),
            ("enableExecuteCommand", Bool(false))),
            Map(("dependsOn", Seq(new[] { Ref("httpsListenerRule"), Ref("clusterCapacityProviders") }.Concat(mountTargets))),
                ("ignoreChanges", Strs("desiredCount"))));

        Res("serviceScalingTarget", "aws:appautoscaling:Target", Map(
            ("minCapacity", Int(s.TaskMinCount)), ("maxCapacity", Int(s.TaskMaxCount)),
            ("resourceId", Str("service/${cluster.name}/${service.name}")),
            ("scalableDimension", Str("ecs:service:DesiredCount")), ("serviceNamespace", Str("ecs"))));
        YMap TargetRefs(YMap m) => m.Set("resourceId", Ref("serviceScalingTarget.resourceId"))
            .Set("scalableDimension", Ref("serviceScalingTarget.scalableDimension"))
            .Set("serviceNamespace", Ref("serviceScalingTarget.serviceNamespace"));
        var sc = s.Scaling;
        if (sc.Mode == ScalingMode.TargetTracking)
        {
            Res("serviceCpuScaling", "aws:appautoscaling:Policy", TargetRefs(Map(("name", Str(N("cpu-target"))), ("policyType", Str("TargetTrackingScaling"))))
                .Set("targetTrackingScalingPolicyConfiguration", Map(
                    ("predefinedMetricSpecification", Map(("predefinedMetricType", Str("ECSServiceAverageCPUUtilization")))),
                    ("targetValue", Int(sc.TargetCpuPercent)), ("scaleInCooldown", Int(sc.CooldownSeconds)), ("scaleOutCooldown", Int(sc.CooldownSeconds)))));
        }
        else
        {
            YMap Step(string bound, int adjustment) => Map(
                ("adjustmentType", Str("ChangeInCapacity")), ("cooldown", Int(sc.CooldownSeconds)), ("metricAggregationType", Str("Average")),
                ("stepAdjustments", Seq(Map((bound, Str("0")), ("scalingAdjustment", Int(adjustment))))));
            Res("serviceScaleOutPolicy", "aws:appautoscaling:Policy", TargetRefs(Map(("name", Str(N("cpu-step-out"))), ("policyType", Str("StepScaling"))))
                .Set("stepScalingPolicyConfiguration", Step("metricIntervalLowerBound", 1)));
            Res("serviceScaleInPolicy", "aws:appautoscaling:Policy", TargetRefs(Map(("name", Str(N("cpu-step-in"))), ("policyType", Str("StepScaling"))))
                .Set("stepScalingPolicyConfiguration", Step("metricIntervalUpperBound", -1)));
            Alarm("serviceCpuHighAlarm", "cpu-high-scale-out", $"Service CPU above {sc.ScaleOutAbovePercent} %: add a task",
                "AWS/ECS", "CPUUtilization", ServiceDims(), "Average", 60, 3, sc.ScaleOutAbovePercent, "GreaterThanThreshold",
                Seq(Ref("serviceScaleOutPolicy.arn")), notify: false);
            Alarm("serviceCpuLowAlarm", "cpu-low-scale-in", $"Service CPU below {sc.ScaleInBelowPercent} %: remove a task",
                "AWS/ECS", "CPUUtilization", ServiceDims(), "Average", 60, 15, sc.ScaleInBelowPercent, "LessThanThreshold",
                Seq(Ref("serviceScaleInPolicy.arn")), notify: false);
        }
    }

    private static YMap ServiceDims() => Map(("ClusterName", Ref("cluster.name")), ("ServiceName", Ref("service.name")));
    private static YMap AlbDims(bool targetGroup) => Map(("LoadBalancer", Ref("alb.arnSuffix")), ("TargetGroup", targetGroup ? Ref("targetGroup.arnSuffix") : null));

    private void Alarm(string name, string suffix, string description, string ns, string metric, YMap dims, string stat,
        int period, int evaluations, double threshold, string comparison, YSeq? actions = null, bool notify = true, string missing = "notBreaching")
    {
        var alarmActions = actions ?? Seq(Ref("alarmTopic.arn"));
        Res(name, "aws:cloudwatch:MetricAlarm", Map(("name", Str(N(suffix))), ("alarmDescription", Str(description)),
            ("namespace", Str(ns)), ("metricName", Str(metric)), ("dimensions", dims), ("statistic", Str(stat)),
            ("period", Int(period)), ("evaluationPeriods", Int(evaluations)), ("threshold", Num(threshold)),
            ("comparisonOperator", Str(comparison)), ("treatMissingData", Str(missing)),
            ("alarmActions", alarmActions), ("okActions", notify ? Seq(Ref("alarmTopic.arn")) : null)));
    }
}
