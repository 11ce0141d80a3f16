namespace PypiKit.Tests.Snapshots;

public class SnapshotDiffTests
{
    [Fact]
    public void A_changed_line_shows_as_removed_then_added_with_two_lines_of_context()
    {
        var diff = Snapshot.Diff("a\nb\nc\nd\ne\nf\ng\n", "a\nb\nc\nD\ne\nf\ng\n");
        Assert.Equal(
            "     2: b\n" +
            "     3: c\n" +
            "-    4: d\n" +
            "+    4: D\n" +
            "     5: e\n" +
            "     6: f\n" +
            "  ...\n", diff);
    }

    [Fact]
    public void Added_lines_at_the_end_are_listed_with_their_numbers()
    {
        var diff = Snapshot.Diff("a\nb", "a\nb\nc\nd");
        Assert.Equal("     1: a\n     2: b\n+    3: c\n+    4: d\n", diff);
    }
}
