using System.Text;

namespace PypiKit.TestConventions;

/// <summary>
/// The one snapshot comparison of every test project: rendered text against a committed expected file. On a mismatch the
/// test fails with a line diff (numbered, two lines of context, <c>-</c> expected, <c>+</c> actual) and the actual text is
/// written beside the expected file as <c>NAME.received</c> (git-ignored). <c>PYPIKIT_UPDATE_SNAPSHOTS=1</c> rewrites
/// the expected files instead (then review the git diff).
/// </summary>
internal static class SnapshotText
{
    public const string UpdateVariable = "PYPIKIT_UPDATE_SNAPSHOTS";

    /// <summary>Compares <paramref name="actual"/> with <paramref name="expectedPath"/>; <paramref name="accept"/> says how to accept a change.</summary>
    public static void Match(string actual, string expectedPath, string accept)
    {
        actual = actual.ReplaceLineEndings("\n");
        var name = Path.GetFileName(expectedPath);
        var receivedPath = expectedPath + ".received";
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(expectedPath, actual, new UTF8Encoding(false));
            File.Delete(receivedPath);
            return;
        }
        Assert.True(File.Exists(expectedPath), $"no expected snapshot {name}: run the test once with {UpdateVariable}=1, then review and commit it");
        var expected = File.ReadAllText(expectedPath).ReplaceLineEndings("\n");
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, actual, new UTF8Encoding(false));
        Assert.Fail($"{name} differs from its snapshot (- expected, + actual; actual text in {receivedPath}):\n{Diff(expected, actual)}{accept}");
    }

    /// <summary>A line diff (longest common subsequence) with two lines of context around each change, at most
    /// <paramref name="maxLines"/> lines.</summary>
    public static string Diff(string expected, string actual, int maxLines = 80)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        var ops = new List<(char Op, int Line, string Text)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) { ops.Add((' ', y + 1, b[y])); x++; y++; }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1])) { ops.Add(('-', x + 1, a[x])); x++; }
            else { ops.Add(('+', y + 1, b[y])); y++; }
        }
        var show = new bool[ops.Count];
        for (var k = 0; k < ops.Count; k++)
            if (ops[k].Op != ' ')
                for (var c = Math.Max(0, k - 2); c <= Math.Min(ops.Count - 1, k + 2); c++) show[c] = true;
        var sb = new StringBuilder();
        var lines = 0;
        for (var k = 0; k < ops.Count && lines < maxLines; k++)
        {
            if (!show[k]) { if (k > 0 && show[k - 1]) { sb.Append("  ...\n"); lines++; } continue; }
            sb.Append($"{ops[k].Op} {ops[k].Line,4}: {ops[k].Text}\n");
            lines++;
        }
        if (lines >= maxLines) sb.Append("  (diff cut)\n");
        return sb.ToString();
    }
}
