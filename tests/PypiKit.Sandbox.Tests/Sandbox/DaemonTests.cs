using System.Diagnostics;
using PypiKit.Sandbox.Daemon;

namespace PypiKit.Sandbox.Tests.Sandbox;

/// <summary>Process identity from /proc and the pieces of the background sandbox that need no cluster.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Trait("Category", "Slow")]
public class DaemonTests
{
    [Fact]
    public void Start_time_is_field_22_even_when_the_command_name_holds_spaces_and_parentheses()
    {
        var stat = "4242 (we (ird) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10 18446744073709551615";
        Assert.Equal(987654, ProcessIdentity.ParseStartTime(stat));
        Assert.Null(ProcessIdentity.ParseStartTime("4242 (short) S 1 2"));
    }

    [Fact]
    public void A_running_process_matches_its_identity_and_nothing_else_does()
    {
        using var p = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            // Process.Start returns once the child's close-on-exec pipe closes, which the kernel does before it
            // lays out the new program's arguments: for a moment /proc/<pid>/cmdline is still empty.
            var id = ProcessIdentity.Of(p.Id)!;
            for (var until = DateTime.UtcNow.AddSeconds(5); id.Command.Length == 0 && DateTime.UtcNow < until; id = ProcessIdentity.Of(p.Id)!)
                Thread.Sleep(10);
            Assert.Equal("sleep 30", id.Command);
            Assert.True(id.IsRunning());
            Assert.False((id with { StartTime = id.StartTime - 1 }).IsRunning()); // a reused pid starts at another time
            Assert.False((id with { Command = "sleep 31" }).IsRunning());
            p.Kill();
            p.WaitForExit();
            Assert.False(id.IsRunning());
            Assert.Null(ProcessIdentity.Of(p.Id));
        }
        finally { if (!p.HasExited) p.Kill(); }
    }

    [Fact]
    public void Passwords_are_removed_from_forwarded_arguments_in_every_spelling()
    {
        Assert.Equal(["--instances", "2", "--password-file", "f"],
            SandboxDaemon.WithoutPassword(["--instances", "2", "--password", "s3cret", "--password-file", "f"]));
        Assert.Equal(["--port", "0"], SandboxDaemon.WithoutPassword(["--password=s3cret", "--port", "0"]));
    }

    [Fact]
    public void The_state_directory_is_private_and_a_state_without_a_live_process_is_stale()
    {
        using var temp = new TempDir("pypikit-state-");
        var root = temp.Path;
        var path = Path.Combine(root, "state");
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101); // 0755, as older versions left it
        var dir = new SandboxStateDirectory(path);
        dir.Prepare();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(path));
        Assert.Equal(SandboxStatus.None, dir.Inspect().Status);

        var me = ProcessIdentity.Of(Environment.ProcessId)!;
        dir.Write(new SandboxState(me.Pid, me.StartTime, me.Command, "http://127.0.0.1:1/", "p", null, null, [], DateTimeOffset.UtcNow));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir.StateFile));
        Assert.Equal(SandboxStatus.Running, dir.Inspect().Status);
        dir.Write(new SandboxState(me.Pid, me.StartTime + 1, me.Command, "http://127.0.0.1:1/", "p", null, null, [], DateTimeOffset.UtcNow));
        Assert.Equal(SandboxStatus.Stale, dir.Inspect().Status);
        File.WriteAllText(dir.StateFile, "{ not json");
        Assert.Equal(SandboxStatus.Stale, dir.Inspect().Status);
    }
}
