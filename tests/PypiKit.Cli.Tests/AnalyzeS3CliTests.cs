using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PypiKit.Cli.Tests;

/// <summary><c>pypikit analyze … --alb s3://…</c> against a local moto S3 (python3 -m moto.server), stopped after the test.</summary>
[Trait("Category", "Slow")]
public class AnalyzeS3CliTests
{
    [Fact]
    public async Task Analyze_reads_alb_logs_from_s3_and_joins_them_with_local_host_captures()
    {
        var ct = TestContext.Current.CancellationToken;
        var probe = Process.Start(new ProcessStartInfo("python3", "-c \"import moto, boto3\"") { RedirectStandardError = true, UseShellExecute = false });
        if (probe is null) { Assert.Skip("python3 not available"); return; }
        await probe.WaitForExitAsync(ct);
        if (probe.ExitCode != 0) Assert.Skip("python3 with moto and boto3 is not installed");

        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "PypiKit.slnx"))) d = d.Parent;
        var dataset = Path.Combine(d!.FullName, "data", "incidents", "2025-12-27");
        using var scratch = new TempDir("pypikit-s3cli-");
        var work = scratch.Path;
        var host = Path.Combine(work, "host");
        Directory.CreateDirectory(Path.Combine(host, "cloudwatch"));
        foreach (var f in Directory.GetFiles(dataset)) File.Copy(f, Path.Combine(host, Path.GetFileName(f)));
        foreach (var f in Directory.GetFiles(Path.Combine(dataset, "cloudwatch"))) File.Copy(f, Path.Combine(host, "cloudwatch", Path.GetFileName(f)));

        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; l.Stop(); }
        var psi = new ProcessStartInfo("python3") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString() }) psi.ArgumentList.Add(a);
        psi.Environment.Remove("PIP_FIND_LINKS");
        using var moto = Process.Start(psi)!;
        moto.OutputDataReceived += (_, _) => { };
        moto.ErrorDataReceived += (_, _) => { };
        moto.BeginOutputReadLine(); moto.BeginErrorReadLine();
        try
        {
            var url = $"http://127.0.0.1:{port}";
            var env = new Dictionary<string, string?> { ["AWS_ACCESS_KEY_ID"] = "testing", ["AWS_SECRET_ACCESS_KEY"] = "testing", ["AWS_REGION"] = "us-east-1" };
            var upload = new ProcessStartInfo("python3") { UseShellExecute = false, RedirectStandardError = true };
            upload.ArgumentList.Add("-c");
            upload.ArgumentList.Add(
                "import boto3, glob, sys, time\n" +
                "s3 = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1')\n" +
                "for i in range(100):\n" +
                "    try: s3.create_bucket(Bucket='alb'); break\n" +
                "    except Exception: time.sleep(0.2)\n" +
                "root = sys.argv[2] + '/'\n" +
                "for f in glob.glob(root + '**/*.gz', recursive=True): s3.upload_file(f, 'alb', 'logs/' + f[len(root):])\n");
            upload.ArgumentList.Add(url);
            upload.ArgumentList.Add(Path.Combine(dataset, "alb"));
            foreach (var (k, v) in env) upload.Environment[k] = v;
            upload.Environment.Remove("PIP_FIND_LINKS");
            using (var up = Process.Start(upload)!)
            {
                var err = up.StandardError.ReadToEndAsync(ct);
                await up.WaitForExitAsync(ct);
                Assert.True(up.ExitCode == 0, await err);
            }

            var run = await CliRunner.RunAsync(["analyze", host, "--alb", "s3://alb/logs/", "--endpoint-url", url, "--region", "us-east-1", "--out", Path.Combine(work, "out")],
                environment: env);
            Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
            Assert.Contains("1,494 ALB requests", run.Stdout);
            Assert.Contains("host memory pressure (swap)", run.Stdout.Split('\n').First(l => l.Contains("│ 1 │")));

            var alb = await CliRunner.RunAsync(["analyze", "alb", "s3://alb/logs/AWSLogs/", "--endpoint-url", url, "--json"], environment: env);
            Assert.True(alb.ExitCode == 0, alb.Stderr);
            Assert.Contains("\"requests\": 1494", alb.Stdout);
        }
        finally
        {
            try { moto.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
    }
}
