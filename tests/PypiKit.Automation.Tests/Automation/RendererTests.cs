using PypiKit.Automation.Model;
using PypiKit.Automation.Rendering;
using PypiKit.Automation.Validation;
using PypiKit.Automation.Yaml;

namespace PypiKit.Automation.Tests.Automation;

public class RendererTests
{
    [Theory]
    [MemberData(nameof(StackVariants.Names), MemberType = typeof(StackVariants))]
    public void Every_variant_passes_offline_schema_validation(string variant)
    {
        var stack = StackVariants.Render(variant);
        var report = SchemaValidator.Default.Validate(stack.ProjectYaml);
        Assert.True(report.IsValid, report.ToString());
        Assert.Empty(report.Warnings);
        Assert.True(report.ResourceCount > 40, $"only {report.ResourceCount} resources");
    }

    [Fact]
    public void Rendering_is_deterministic()
    {
        var a = StackVariants.Render("default");
        var b = StackVariants.Render("default");
        Assert.Equal(a.ProjectYaml, b.ProjectYaml);
        Assert.Equal(a.StackConfigYaml, b.StackConfigYaml);
    }

    [Fact]
    public void Dump_for_inspection()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pypikit-render-dump");
        foreach (var v in StackVariants.All.Keys) StackVariants.Render(v).WriteTo(Path.Combine(dir, v));
        Assert.True(File.Exists(Path.Combine(dir, "default", "Pulumi.yaml")));
    }
}
