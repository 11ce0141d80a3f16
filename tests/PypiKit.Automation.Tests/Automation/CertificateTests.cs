using PypiKit.Automation.Deployment;
using PypiKit.Automation.Model;
using PypiKit.Automation.Rendering;

namespace PypiKit.Automation.Tests.Automation;

/// <summary>The ALB's certificate: an existing ACM certificate (format and region checked) or one DNS-validated in the zone.</summary>
public class CertificateTests
{
    private const string Arn = "arn:aws:acm:us-east-1:210987654321:certificate/4b1d2c3e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
    private static readonly StackOptions Real = new() { DomainName = "pypi.lab.acme.io", HostedZoneId = "Z0123456789ABC", AlarmEmails = ["ops@acme.io"], Shape = StackShape.Dev };

    private static StackModel Model(StackOptions o) => StackModel.FromPlan(StackVariants.ReferencePlan, o);

    [Fact]
    public void An_existing_certificate_replaces_the_requested_one()
    {
        var check = RenderCheck.Run(Model(Real with { CertificateArn = Arn }), "dev");
        Assert.True(check.Passed, check.Validation + "\n" + check.Policies);
        var res = check.Stack.Program.Map("resources")!;
        Assert.Null(res.Map("certificate"));
        Assert.Null(res.Map("certificateValidation"));
        Assert.Equal("${certificateArn}", res.Map("httpsListener")!.Map("properties")!.Str("certificateArn"));
        Assert.Contains($"pypikit:certificateArn: {Arn}", check.Stack.StackConfigYaml);
    }

    [Fact]
    public void Without_one_the_stack_requests_a_dns_validated_certificate()
    {
        var res = PulumiYamlRenderer.Render(Model(Real), "dev").Program.Map("resources")!;
        Assert.Equal("DNS", res.Map("certificate")!.Map("properties")!.Str("validationMethod"));
        Assert.Equal("${certificateValidation.certificateArn}", res.Map("httpsListener")!.Map("properties")!.Str("certificateArn"));
    }

    [Theory]
    [InlineData("arn:aws:acm:us-east-1:210987654321:cert/abc", "must be an ACM certificate ARN")]
    [InlineData("arn:aws:iam::210987654321:server-certificate/pypi", "must be an ACM certificate ARN")]
    [InlineData("arn:aws:acm:eu-west-1:210987654321:certificate/4b1d2c3e-5f60-4a7b-8c9d-0e1f2a3b4c5d", "region us-east-1")]
    public void A_malformed_or_foreign_region_arn_is_bad_input_naming_the_field(string arn, string message)
    {
        var ex = Assert.Throws<InvalidInputException>(() => Model(Real with { CertificateArn = arn }));
        Assert.Equal("certificate_arn", ex.Input);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void A_placeholder_or_missing_certificate_is_one_preflight_line()
    {
        var placeholder = Preflight.Check(Model(Real with { CertificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/4b1d2c3e-5f60-4a7b-8c9d-0e1f2a3b4c5d" }), new Dictionary<string, string>());
        Assert.Equal("certificate_arn", Assert.Single(placeholder).Input);
        var missing = Preflight.Check(Model(Real with { HostedZoneId = "Z0000000EXAMPLE" }), new Dictionary<string, string>());
        Assert.Contains(missing, f => f.Input == "certificate_arn" && f.Message.Contains("cannot DNS-validate", StringComparison.Ordinal));
        Assert.Empty(Preflight.Check(Model(Real with { CertificateArn = Arn }), new Dictionary<string, string>()));
        Assert.Empty(Preflight.Check(Model(Real), new Dictionary<string, string>()));
    }

    [Fact]
    public void The_dry_run_line_says_where_the_certificate_comes_from()
    {
        Assert.Equal($"certificate: existing {Arn} (region us-east-1, the stack's)", Preflight.CertificatePlan(Model(Real with { CertificateArn = Arn })));
        Assert.Equal("certificate: requested from ACM for pypi.lab.acme.io, DNS-validated in hosted zone Z0123456789ABC", Preflight.CertificatePlan(Model(Real)));
    }
}
