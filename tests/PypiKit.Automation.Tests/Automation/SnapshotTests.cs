namespace PypiKit.Automation.Tests.Automation;

/// <summary>
/// The rendered program of three variants, byte for byte, against committed files: a refactoring of the renderer must
/// leave them unchanged; an intended change shows up as a reviewed diff of these files.
/// </summary>
public class SnapshotTests
{
    public static TheoryData<string> Variants => ["default", "dev-fargate-spot-cloudfront-step", "load-generator-existing-network-arm"];

    [Theory]
    [MemberData(nameof(Variants))]
    public void Rendered_program_matches_its_snapshot(string variant)
    {
        var stack = StackVariants.Render(variant);
        Snapshot.Match($"{variant}.Pulumi.yaml", stack.ProjectYaml);
        Snapshot.Match($"{variant}.Pulumi.dev.yaml", stack.StackConfigYaml);
    }

    [Fact]
    public void A_mismatch_shows_the_changed_lines_with_their_numbers()
    {
        var diff = Snapshot.Diff("a\nb\nc\nd\n", "a\nb\nX\nd\n");
        Assert.Contains("-    3: c", diff);
        Assert.Contains("+    3: X", diff);
        Assert.Contains("     2: b", diff);
    }
}
