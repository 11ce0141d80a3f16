using System.Runtime.CompilerServices;
using System.Text;

namespace PypiKit.Automation.Tests.Automation;

/// <summary>
/// Compares a rendered text with a committed expected file under <c>Snapshots/</c> beside this source file. A mismatch
/// fails with a line diff and the command that accepts the new text (<c>PYPIKIT_UPDATE_SNAPSHOTS=1</c> rewrites the files).
/// </summary>
internal static class Snapshot
{
    public const string UpdateVariable = "PYPIKIT_UPDATE_SNAPSHOTS";

    public static void Match(string name, string actual, [CallerFilePath] string source = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(source)!, "Snapshots", name);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"no snapshot Snapshots/{name}: run the test once with {UpdateVariable}=1 and commit the file.");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected == actual) return;
        Assert.Fail($"Snapshots/{name} differs from the rendered text (- expected, + actual):\n{Diff(expected, actual)}\n" +
                    $"If the change is intended: {UpdateVariable}=1 dotnet test tests/PypiKit.Automation.Tests --filter FullyQualifiedName~SnapshotTests, then review and commit the files.");
    }

    /// <summary>A line diff (longest common subsequence) showing changed lines with two lines of context, at most 60 lines.</summary>
    internal static string Diff(string expected, string actual)
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
            if (x < a.Length && y < b.Length && a[x] == b[y]) { ops.Add((' ', x + 1, a[x])); x++; y++; }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y])) { ops.Add(('+', y + 1, b[y])); y++; }
            else { ops.Add(('-', x + 1, a[x])); x++; }
        }
        var show = new bool[ops.Count];
        for (var k = 0; k < ops.Count; k++)
            if (ops[k].Op != ' ')
                for (var c = Math.Max(0, k - 2); c <= Math.Min(ops.Count - 1, k + 2); c++) show[c] = true;
        var sb = new StringBuilder();
        var lines = 0;
        for (var k = 0; k < ops.Count && lines < 60; k++)
        {
            if (!show[k]) { if (k > 0 && show[k - 1]) { sb.Append("  ...\n"); lines++; } continue; }
            sb.Append(ops[k].Op).Append(' ').Append(ops[k].Line.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(5)).Append(": ").Append(ops[k].Text).Append('\n');
            lines++;
        }
        if (lines >= 60) sb.Append("  (diff cut at 60 lines)\n");
        return sb.ToString();
    }
}
