using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Yaml.Y;

namespace PypiKit.Automation.Rendering;

/// <summary>The encrypted EFS volume, its mount targets, access point, TLS-only policy and optional replica.</summary>
public sealed partial class PulumiYamlRenderer
{
    private void Storage()
    {
        var s = _m.Storage;
        var fs = Map(("creationToken", Str(N("packages"))), ("encrypted", Bool(true)),
            ("performanceMode", Str("generalPurpose")),
            ("throughputMode", Str(s.Throughput.ToString().ToLowerInvariant())),
            ("provisionedThroughputInMibps", s.ProvisionedMibps is { } p ? Int(p) : null),
            ("availabilityZoneName", s.OneZone && _m.Network.CreateVpc ? Ref("availabilityZones[0]") : null),
            ("lifecyclePolicies", s.TransitionToIaDays is { } d ? Seq(Map(("transitionToIa", Str($"AFTER_{d}_DAYS")))) : null),
            ("tags", Map(("Name", Str(N("packages"))))));
        Res("efsFileSystem", "aws:efs:FileSystem", fs);
        Res("efsSecurityGroup", "aws:ec2:SecurityGroup", Map(("vpcId", Str(_vpcId)),
            ("description", Str("NFS to the package volume, from inside the VPC only")),
            ("ingress", Seq(Map(("protocol", Str("tcp")), ("fromPort", Int(2049)), ("toPort", Int(2049)),
                ("cidrBlocks", Seq(Str(_vpcCidr))), ("description", Str("NFS from the VPC CIDR"))))),
            ("tags", Map(("Name", Str(N("efs")))))));
        var mountTargets = s.OneZone ? 1 : _privateSubnets.Count;
        for (var i = 0; i < mountTargets; i++)
            Res($"efsMountTarget{i}", "aws:efs:MountTarget", Map(("fileSystemId", Ref("efsFileSystem.id")),
                ("subnetId", _privateSubnets[i]), ("securityGroups", Seq(Ref("efsSecurityGroup.id")))));
        if (s.ReplicaRegion is { } replica)
            Res("efsReplication", "aws:efs:ReplicationConfiguration", Map(("sourceFileSystemId", Ref("efsFileSystem.id")),
                ("destination", Map(("region", Str(replica))))));
        Res("efsAccessPoint", "aws:efs:AccessPoint", Map(("fileSystemId", Ref("efsFileSystem.id")),
            ("posixUser", Map(("uid", Int(s.PosixUid)), ("gid", Int(s.PosixGid)))),
            ("rootDirectory", Map(("path", Str("/packages")),
                ("creationInfo", Map(("ownerUid", Int(s.PosixUid)), ("ownerGid", Int(s.PosixGid)), ("permissions", Str("0755")))))),
            ("tags", Map(("Name", Str(N("packages")))))));
        Res("efsFileSystemPolicy", "aws:efs:FileSystemPolicy", Map(("fileSystemId", Ref("efsFileSystem.id")),
            ("policy", ToJson(Map(("Version", Str("2012-10-17")), ("Statement", Seq(
                Map(("Sid", Str("DenyUnencryptedTransport")), ("Effect", Str("Deny")), ("Principal", Map(("AWS", Str("*")))),
                    ("Action", Str("*")), ("Resource", Ref("efsFileSystem.arn")),
                    ("Condition", Map(("Bool", Map(("aws:SecureTransport", Str("false"))))))),
                Map(("Sid", Str("AllowTaskRoleThroughAccessPoint")), ("Effect", Str("Allow")), ("Principal", Map(("AWS", Ref("taskRole.arn")))),
                    ("Action", Strs("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite")), ("Resource", Ref("efsFileSystem.arn")),
                    ("Condition", Map(("StringEquals", Map(("elasticfilesystem:AccessPointArn", Ref("efsAccessPoint.arn"))))))))))))));
    }
}
