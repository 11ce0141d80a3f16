using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Yaml.Y;

namespace PypiKit.Automation.Rendering;

/// <summary>A new VPC (public subnets with the internet gateway, private subnets behind NAT) or references to existing subnets.</summary>
public sealed partial class PulumiYamlRenderer
{
    private void Network()
    {
        var n = _m.Network;
        if (!n.CreateVpc)
        {
            var e = n.Existing!;
            _vpcId = "${vpcId}";
            _variables.Set("vpcCidr", Invoke("aws:ec2:getVpc", Map(("id", Ref("vpcId"))), "cidrBlock"));
            _vpcCidr = "${vpcCidr}";
            _publicSubnets = [.. Enumerable.Range(0, e.PublicSubnetIds.Count).Select(i => (YNode)Ref($"publicSubnetIds[{i}]"))];
            _privateSubnets = [.. Enumerable.Range(0, e.PrivateSubnetIds.Count).Select(i => (YNode)Ref($"privateSubnetIds[{i}]"))];
            return;
        }

        _variables.Set("availabilityZones", Invoke("aws:getAvailabilityZones", Map(("state", Str("available"))), "names"));
        Res("vpc", "aws:ec2:Vpc", Map(("cidrBlock", Str(n.VpcCidr)), ("enableDnsHostnames", Bool(true)), ("enableDnsSupport", Bool(true)),
            ("tags", Map(("Name", Str(N("vpc")))))));
        _vpcId = "${vpc.id}";
        _vpcCidr = "${vpc.cidrBlock}";
        Res("internetGateway", "aws:ec2:InternetGateway", Map(("vpcId", Str(_vpcId)), ("tags", Map(("Name", Str(N("igw")))))));
        Res("publicRouteTable", "aws:ec2:RouteTable", Map(("vpcId", Str(_vpcId)),
            ("routes", Seq(Map(("cidrBlock", Str("0.0.0.0/0")), ("gatewayId", Ref("internetGateway.id"))))),
            ("tags", Map(("Name", Str(N("public")))))));
        for (var i = 0; i < n.PublicSubnetCidrs.Count; i++)
        {
            Res($"publicSubnet{i}", "aws:ec2:Subnet", Map(("vpcId", Str(_vpcId)), ("cidrBlock", Str(n.PublicSubnetCidrs[i])),
                ("availabilityZone", Ref($"availabilityZones[{i}]")), ("mapPublicIpOnLaunch", Bool(false)),
                ("tags", Map(("Name", Str(N($"public-{i}"))), ("pypikit:tier", Str("public"))))));
            Res($"publicRouteTableAssociation{i}", "aws:ec2:RouteTableAssociation",
                Map(("subnetId", Ref($"publicSubnet{i}.id")), ("routeTableId", Ref("publicRouteTable.id"))));
            _publicSubnets.Add(Ref($"publicSubnet{i}.id"));
        }
        for (var i = 0; i < n.NatGateways; i++)
        {
            Res($"natEip{i}", "aws:ec2:Eip", Map(("domain", Str("vpc")), ("tags", Map(("Name", Str(N($"nat-{i}")))))));
            Res($"natGateway{i}", "aws:ec2:NatGateway", Map(("allocationId", Ref($"natEip{i}.id")), ("subnetId", Ref($"publicSubnet{i}.id")),
                ("tags", Map(("Name", Str(N($"nat-{i}")))))), Map(("dependsOn", Seq(Ref("internetGateway")))));
        }
        for (var i = 0; i < n.PrivateSubnetCidrs.Count; i++)
        {
            Res($"privateSubnet{i}", "aws:ec2:Subnet", Map(("vpcId", Str(_vpcId)), ("cidrBlock", Str(n.PrivateSubnetCidrs[i])),
                ("availabilityZone", Ref($"availabilityZones[{i}]")), ("mapPublicIpOnLaunch", Bool(false)),
                ("tags", Map(("Name", Str(N($"private-{i}"))), ("pypikit:tier", Str("private"))))));
            Res($"privateRouteTable{i}", "aws:ec2:RouteTable", Map(("vpcId", Str(_vpcId)),
                ("routes", Seq(Map(("cidrBlock", Str("0.0.0.0/0")), ("natGatewayId", Ref($"natGateway{Math.Min(i, n.NatGateways - 1)}.id"))))),
                ("tags", Map(("Name", Str(N($"private-{i}")))))));
            Res($"privateRouteTableAssociation{i}", "aws:ec2:RouteTableAssociation",
                Map(("subnetId", Ref($"privateSubnet{i}.id")), ("routeTableId", Ref($"privateRouteTable{i}.id"))));
            _privateSubnets.Add(Ref($"privateSubnet{i}.id"));
        }
    }
}
