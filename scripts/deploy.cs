#!/usr/bin/env dotnet
// Renders the PyPI stack programmatically, validates it offline and runs the security policies.
//   dotnet run scripts/deploy.cs                      -> writes out/deploy-example/<variant>/ for three variants
//   dotnet run scripts/deploy.cs -- c6a.xlarge prod   -> instance type and stack name of your choice
// With the pulumi CLI installed (and AWS credentials), the commented lines at the end preview the stack.
#:project ../src/PypiKit.Automation/PypiKit.Automation.csproj
#:property PublishAot=false

using PypiKit.Automation.Deployment;
using PypiKit.Automation.Model;
using PypiKit.Automation.Workspace;
using PypiKit.Sizing;

var instance = args.Length > 0 ? args[0] : "t3.small";
var stackName = args.Length > 1 ? args[1] : "dev";

// 1. A capacity plan from the sizing engine (the reference module's formulas).
var plan = CapacityPlanner.Plan(new SizingInputs { InstanceType = instance, InstanceCount = 2, ContainerMemory = new(512) });
Console.WriteLine($"plan: {plan.AsgInstanceCount} x {plan.InstanceType}, {plan.TasksPerInstance} tasks/instance, tasks {plan.ActualTaskMinCount}..{plan.ActualTaskMaxCount}, {plan.GunicornWorkersPerContainer} workers each");

// 2. Three deployments of the same plan: the default, a cheap dev shape on Fargate Spot, and CloudFront with step scaling.
var variants = new Dictionary<string, StackOptions>
{
    ["default"] = new() { DomainName = "pypi.example.org", HostedZoneId = "Z0123456789ABC", AlarmEmails = ["ops@example.org"] },
    ["dev-fargate-spot"] = new() { Shape = StackShape.Dev, Capacity = CapacityKind.FargateSpot },
    ["cloudfront-step"] = new() { CloudFront = true, Scaling = ScalingMode.Step, EfsThroughput = EfsThroughputMode.Bursting },
};

var failures = 0;
foreach (var (name, options) in variants)
{
    // 3. Model -> Pulumi YAML -> schema validation + policies.
    var check = RenderCheck.Run(StackModel.FromPlan(plan, options), stackName);
    var dir = Path.Combine("out", "deploy-example", name);
    check.Stack.WriteTo(dir);
    Console.WriteLine($"{name,-18} {check.Validation.ResourceCount} resources, schema {(check.Validation.IsValid ? "valid" : "INVALID")}, " +
                      $"policies {(check.Policies.Passed ? "all pass" : "FAIL")} -> {dir}");
    if (!check.Passed)
    {
        failures++;
        Console.WriteLine(check.Validation);
        Console.WriteLine(check.Policies);
    }
}

// 4. Driving pulumi (only where the CLI is installed):
if (PulumiWorkspace.FindOnPath() is { } pulumi)
{
    Console.WriteLine($"pulumi found at {pulumi}: to preview, uncomment the lines below (needs AWS credentials).");
    // var stack = await PulumiDeployment.PrepareAsync(RenderCheck.Run(StackModel.FromPlan(plan), stackName).Stack,
    //     new PulumiWorkspaceOptions { WorkDir = Path.GetFullPath("out/deploy-example/default"), BackendUrl = "file://" + Path.GetFullPath("out/state"), Passphrase = "" });
    // var preview = await stack.PreviewAsync(new PreviewOptions { Color = "never", OnEvent = e => Console.WriteLine(e) });
}
else Console.WriteLine("pulumi CLI not on PATH: rendering and offline checks only.");

return failures == 0 ? 0 : 1;
