namespace PypiKit.Automation.Policy;

/// <summary>Canonical type tokens of the resources the policy rules look at (as <see cref="Validation.SchemaValidator.ResolveToken"/> returns them).</summary>
internal static class PolicyTokens
{
    public const string Subnet = "aws:ec2/subnet:Subnet", RouteTable = "aws:ec2/routeTable:RouteTable",
        Rta = "aws:ec2/routeTableAssociation:RouteTableAssociation", Igw = "aws:ec2/internetGateway:InternetGateway",
        Sg = "aws:ec2/securityGroup:SecurityGroup", Lt = "aws:ec2/launchTemplate:LaunchTemplate", Asg = "aws:autoscaling/group:Group",
        EcsService = "aws:ecs/service:Service", TaskDef = "aws:ecs/taskDefinition:TaskDefinition", Lb = "aws:lb/loadBalancer:LoadBalancer",
        Listener = "aws:lb/listener:Listener", ListenerRule = "aws:lb/listenerRule:ListenerRule", Efs = "aws:efs/fileSystem:FileSystem",
        MountTarget = "aws:efs/mountTarget:MountTarget", EfsPolicy = "aws:efs/fileSystemPolicy:FileSystemPolicy",
        Bucket = "aws:s3/bucket:Bucket", Pab = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        Sse = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        BucketPolicy = "aws:s3/bucketPolicy:BucketPolicy", Topic = "aws:sns/topic:Topic", Role = "aws:iam/role:Role",
        RolePolicy = "aws:iam/rolePolicy:RolePolicy", Attachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        IamPolicy = "aws:iam/policy:Policy", Vpc = "aws:ec2/vpc:Vpc", Eip = "aws:ec2/eip:Eip", Nat = "aws:ec2/natGateway:NatGateway",
        Distribution = "aws:cloudfront/distribution:Distribution", SecretVersion = "aws:secretsmanager/secretVersion:SecretVersion",
        LogGroup = "aws:cloudwatch/logGroup:LogGroup", Secret = "aws:secretsmanager/secret:Secret";
}
