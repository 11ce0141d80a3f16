using PypiKit.Automation.Model;
using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Yaml.Y;

namespace PypiKit.Automation.Rendering;

/// <summary>The ECS cluster and its capacity: Fargate providers, or an ASG of ECS-optimized instances behind a capacity provider.</summary>
public sealed partial class PulumiYamlRenderer
{
    private static YMap AssumeRole(string service) => ToJson(Map(("Version", Str("2012-10-17")), ("Statement", Seq(
        Map(("Effect", Str("Allow")), ("Principal", Map(("Service", Str(service)))), ("Action", Str("sts:AssumeRole")))))));

    private void Cluster()
    {
        var c = _m.Cluster;
        Res("cluster", "aws:ecs:Cluster", Map(("name", Str(N("cluster"))),
            ("settings", Seq(Map(("name", Str("containerInsights")), ("value", Str(Dashboard.ContainerInsightsSetting(c))))))));
        Res("logGroup", "aws:cloudwatch:LogGroup", Map(("name", Str($"/ecs/{Svc}/${{pulumi.stack}}")), ("retentionInDays", Int(c.LogRetentionDays))));

        if (!c.UsesEc2)
        {
            var strategy = c.Capacity == CapacityKind.Fargate
                ? Seq(Map(("capacityProvider", Str("FARGATE")), ("base", Int(1)), ("weight", Int(1))))
                : Seq(Map(("capacityProvider", Str("FARGATE")), ("base", Int(1)), ("weight", Int(0))),
                      Map(("capacityProvider", Str("FARGATE_SPOT")), ("weight", Int(1))));
            Res("clusterCapacityProviders", "aws:ecs:ClusterCapacityProviders", Map(("clusterName", Ref("cluster.name")),
                ("capacityProviders", Strs("FARGATE", "FARGATE_SPOT")), ("defaultCapacityProviderStrategies", strategy)));
            return;
        }

        _variables.Set("ecsAmiId", Invoke("aws:ssm:getParameter", Map(("name", Str(c.AmiParameter))), "value"));
        Res("instanceRole", "aws:iam:Role", Map(("namePrefix", Str($"{Svc}-instance-")), ("assumeRolePolicy", AssumeRole("ec2.amazonaws.com")),
            ("description", Str("ECS container instances of the PyPI server"))));
        Res("instanceRoleEcsPolicy", "aws:iam:RolePolicyAttachment", Map(("role", Ref("instanceRole.name")),
            ("policyArn", Str("arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"))));
        Res("instanceRoleSsmPolicy", "aws:iam:RolePolicyAttachment", Map(("role", Ref("instanceRole.name")),
            ("policyArn", Str("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"))));
        Res("instanceProfile", "aws:iam:InstanceProfile", Map(("namePrefix", Str($"{Svc}-instance-")), ("role", Ref("instanceRole.name"))));
        Res("instanceSecurityGroup", "aws:ec2:SecurityGroup", Map(("vpcId", Str(_vpcId)),
            ("description", Str("ECS container instances: dynamic host ports from the ALB only, no SSH")),
            ("ingress", Seq(Map(("protocol", Str("tcp")), ("fromPort", Int(32768)), ("toPort", Int(65535)),
                ("securityGroups", Seq(Ref("albSecurityGroup.id"))), ("description", Str("bridge-mode host ports from the ALB"))))),
            ("egress", Seq(Map(("protocol", Str("-1")), ("fromPort", Int(0)), ("toPort", Int(0)), ("cidrBlocks", Strs("0.0.0.0/0")),
                ("description", Str("image pulls, AWS APIs and EFS through the NAT / VPC"))))),
            ("tags", Map(("Name", Str(N("instances")))))));
        var userData = "#!/bin/bash\nset -euo pipefail\ncat >> /etc/ecs/ecs.config <<'ECSCONFIG'\nECS_CLUSTER=${cluster.name}\nECS_LOGLEVEL=info\n" +
                       "ECS_ENABLE_CONTAINER_METADATA=true\nECS_CONTAINER_STOP_TIMEOUT=30s\nECSCONFIG\n" + CloudWatchAgentUserData();
        CloudWatchAgentResources();
        Res("launchTemplate", "aws:ec2:LaunchTemplate", Map(("namePrefix", Str($"{Svc}-")), ("imageId", Ref("ecsAmiId")),
            ("instanceType", Str(c.InstanceType)), ("updateDefaultVersion", Bool(true)),
            ("iamInstanceProfile", Map(("arn", Ref("instanceProfile.arn")))),
            ("vpcSecurityGroupIds", Seq(Ref("instanceSecurityGroup.id"))),
            ("metadataOptions", Map(("httpEndpoint", Str("enabled")), ("httpTokens", Str("required")), ("httpPutResponseHopLimit", Int(1)))),
            ("monitoring", Map(("enabled", Bool(true)))),
            ("blockDeviceMappings", Seq(Map(("deviceName", Str("/dev/xvda")),
                ("ebs", Map(("volumeSize", Int(c.RootVolumeGib)), ("volumeType", Str("gp3")), ("encrypted", Str("true")), ("deleteOnTermination", Str("true"))))))),
            ("userData", ToBase64(Str(userData))),
            ("tagSpecifications", Seq(Map(("resourceType", Str("instance")), ("tags", Map(("Name", Str(N("ecs"))))))))));
        Res("autoScalingGroup", "aws:autoscaling:Group", Map(("namePrefix", Str($"{Svc}-")),
            ("minSize", Int(c.AsgMinSize)), ("maxSize", Int(c.AsgMaxSize)), ("desiredCapacity", Int(c.AsgMinSize)),
            ("vpcZoneIdentifiers", Seq(_privateSubnets)),
            ("launchTemplate", Map(("id", Ref("launchTemplate.id")), ("version", Ref("launchTemplate.latestVersion")))),
            ("protectFromScaleIn", Bool(true)), ("healthCheckType", Str("EC2")), ("healthCheckGracePeriod", Int(300)),
            ("defaultCooldown", Int(300)), ("maxInstanceLifetime", Int(2592000)),
            ("instanceRefresh", Map(("strategy", Str("Rolling")), ("preferences", Map(("minHealthyPercentage", Int(100)), ("maxHealthyPercentage", Int(200)),
                ("scaleInProtectedInstances", Str("Refresh")))))),
            ("tags", Seq(
                Map(("key", Str("AmazonECSManaged")), ("value", Str("true")), ("propagateAtLaunch", Bool(true))),
                Map(("key", Str("Name")), ("value", Str(N("ecs"))), ("propagateAtLaunch", Bool(true)))))),
            Map(("ignoreChanges", Strs("desiredCapacity"))));
        Res("capacityProvider", "aws:ecs:CapacityProvider", Map(("name", Str(N("ec2"))),
            ("autoScalingGroupProvider", Map(("autoScalingGroupArn", Ref("autoScalingGroup.arn")),
                ("managedTerminationProtection", Str("ENABLED")), ("managedDraining", Str("ENABLED")),
                ("managedScaling", Map(("status", Str("ENABLED")), ("targetCapacity", Int(100)), ("minimumScalingStepSize", Int(1)),
                    ("maximumScalingStepSize", Int(10)), ("instanceWarmupPeriod", Int(300))))))));
        Res("clusterCapacityProviders", "aws:ecs:ClusterCapacityProviders", Map(("clusterName", Ref("cluster.name")),
            ("capacityProviders", Seq(Ref("capacityProvider.name"))),
            ("defaultCapacityProviderStrategies", Seq(Map(("capacityProvider", Ref("capacityProvider.name")), ("base", Int(1)), ("weight", Int(100)))))));
    }
}
