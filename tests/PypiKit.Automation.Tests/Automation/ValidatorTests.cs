using PypiKit.Automation.Validation;

namespace PypiKit.Automation.Tests.Automation;

public class ValidatorTests
{
    private static string Default => StackVariants.Render("default").ProjectYaml;

    [Fact]
    public void A_misspelt_property_names_the_resource_and_the_path()
    {
        var yaml = Default.Replace("      deregistrationDelay: 300", "      deregistrationDelai: 300");
        var report = SchemaValidator.Default.Validate(yaml);
        var error = Assert.Single(report.Errors);
        Assert.Equal("resources.targetGroup.properties.deregistrationDelai", error.Path);
        Assert.Contains("aws:lb/targetGroup:TargetGroup has no input 'deregistrationDelai'", error.Message);
        Assert.Contains("did you mean 'deregistrationDelay'", error.Message);
        Assert.True(error.Line > 0);
    }

    [Fact]
    public void A_misspelt_nested_property_names_the_full_path()
    {
        var yaml = Default.Replace("        httpTokens: required", "        httpToken: required");
        var error = Assert.Single(SchemaValidator.Default.Validate(yaml).Errors);
        Assert.Equal("resources.launchTemplate.properties.metadataOptions.httpToken", error.Path);
        Assert.Contains("not a property of ec2.LaunchTemplateMetadataOptions", error.Message);
    }

    [Fact]
    public void Missing_required_properties_unknown_tokens_invoke_arguments_and_outputs_are_errors()
    {
        var yaml = Default
            .Replace("      family: pypiserver-${pulumi.stack}-pypiserver\n", "")                     // required property
            .Replace("type: aws:ecs:Cluster", "type: aws:ecs:Clustre")                                 // unknown token
            .Replace("        state: available", "        stat: available")                            // invoke argument
            .Replace("return: accountId", "return: accountID")                                         // invoke return field
            .Replace("${alb.dnsName}", "${alb.dnsNme}");                                              // resource output
        var errors = SchemaValidator.Default.Validate(yaml).Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(errors, e => e.StartsWith("resources.taskDefinition.properties", StringComparison.Ordinal) && e.Contains("missing required property 'family'"));
        Assert.Contains(errors, e => e.StartsWith("resources.cluster.type", StringComparison.Ordinal) && e.Contains("unknown resource type 'aws:ecs:Clustre'"));
        Assert.Contains(errors, e => e.Contains("has no argument 'stat'"));
        Assert.Contains(errors, e => e.Contains("result has no field 'accountID'"));
        Assert.Contains(errors, e => e.Contains("has no output 'dnsNme'"));
    }

    [Fact]
    public void Json_documents_without_toJSON_and_unknown_builtins_and_options_are_caught()
    {
        var yaml = Default
            .Replace("      containerDefinitions:\n        fn::toJSON:\n", "      containerDefinitions:\n        fn::toJson:\n")
            .Replace("    options:\n      ignoreChanges:\n        - desiredCapacity", "    options:\n      ignoreChange:\n        - desiredCapacity");
        var report = SchemaValidator.Default.Validate(yaml);
        Assert.Contains(report.Errors, e => e.Path.EndsWith("options.ignoreChange", StringComparison.Ordinal) && e.Message.Contains("unknown resource option"));
        Assert.Contains(report.Warnings, w => w.Message.Contains("should be spelt 'fn::toJSON'"));

        var objectPolicy = "name: t\nruntime: yaml\nresources:\n  r:\n    type: aws:iam:Role\n    properties:\n      assumeRolePolicy:\n        Version: \"2012-10-17\"\n";
        var e2 = Assert.Single(SchemaValidator.Default.Validate(objectPolicy).Errors);
        Assert.Contains("fn::toJSON", e2.Message);
        var bad = "name: t\nruntime: yaml\nvariables:\n  x:\n    fn::frobnicate: 1\n";
        Assert.Contains(SchemaValidator.Default.Validate(bad).Errors, e => e.Message.Contains("unknown builtin 'fn::frobnicate'"));
    }

    [Fact]
    public void Token_resolution_follows_pulumi_yaml()
    {
        var v = SchemaValidator.Default;
        Assert.Equal("aws:ecs/taskDefinition:TaskDefinition", v.ResolveToken("aws:ecs:TaskDefinition"));
        Assert.Equal("aws:ecs/taskDefinition:TaskDefinition", v.ResolveToken("aws:ecs/taskDefinition:TaskDefinition"));
        Assert.Equal("aws:index/getCallerIdentity:getCallerIdentity", v.ResolveToken("aws:getCallerIdentity"));
        Assert.Equal("random:index/randomPassword:RandomPassword", v.ResolveToken("random:RandomPassword"));
        Assert.Equal("aws:ssm/getParameter:getParameter", v.ResolveToken("AWS:SSM:GETPARAMETER"));
        Assert.Null(v.ResolveToken("aws:getAmi"));
        Assert.Contains("@pulumi/aws 7.48.0", SchemaValidator.EmbeddedSchemaSource);
    }

    [Fact]
    public void Invalid_yaml_is_one_error_with_a_line()
    {
        var report = SchemaValidator.Default.Validate("name: x\nruntime: yaml\nresources:\n  a: [1, 2\n");
        Assert.False(report.IsValid);
        Assert.Contains("invalid YAML", report.Errors[0].Message);
    }
}
