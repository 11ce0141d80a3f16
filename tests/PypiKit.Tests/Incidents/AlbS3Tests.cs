using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using PypiKit.Incidents;
using PypiKit.Incidents.Parsers;
using PypiKit.Telemetry.Aws;
using PypiKit.Tests.Telemetry;

namespace PypiKit.Tests.Incidents;

/// <summary>ALB logs read straight from S3 (moto), in the AWSLogs/… key layout, joined with local host captures.</summary>
[Collection("moto")]
[Trait("Category", "Slow")]
public class AlbS3Tests(MotoFixture fx)
{
    [Fact]
    public async Task Alb_logs_from_s3_plus_local_host_captures_give_the_same_verdict()
    {
        fx.RequireMoto();
        var ct = TestContext.Current.CancellationToken;
        var creds = new BasicAWSCredentials("testing", "testing");
        using var s3 = new AmazonS3Client(creds, new AmazonS3Config { ServiceURL = fx.Moto.Url, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        const string bucket = "incident-alb-logs";
        await s3.PutBucketAsync(bucket, ct);
        var albDir = Path.Combine(IncidentTestData.Dataset20251227, "alb");
        foreach (var f in AlbLogFiles.Find(albDir))
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "prod/" + Path.GetRelativePath(albDir, f).Replace('\\', '/'), FilePath = f }, ct);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "prod/README.txt", ContentBody = "not a log" }, ct);

        using var hostOnly = new TempDir();
        foreach (var f in Directory.EnumerateFiles(IncidentTestData.Dataset20251227, "*", SearchOption.AllDirectories).Where(f => !f.StartsWith(albDir, StringComparison.Ordinal)))
        {
            var target = Path.Combine(hostOnly.Path, Path.GetRelativePath(IncidentTestData.Dataset20251227, f));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(f, target);
        }

        using var aws = new AwsClients(AwsSession.Create(new AwsOptions { EndpointUrl = fx.Moto.Url, Region = "us-east-1", Credentials = creds, MaxAttempts = 2 }));
        var uri = $"s3://{bucket}/prod/AWSLogs/123456789012/elasticloadbalancing/us-west-2/2025/12/27/";
        var (summary, diags) = await AlbS3Logs.AggregateAsync(aws.AlbLogs, uri, ct: ct);
        Assert.Equal(1494, summary.Requests);
        Assert.Equal(10, diags.Count);
        Assert.All(diags, d => Assert.StartsWith("s3://incident-alb-logs/prod/AWSLogs/", d.Source));

        var analysis = await S3IncidentAnalyzer.AnalyzeAsync(hostOnly.Path, aws.AlbLogs, $"s3://{bucket}/prod/", ParseOptions.Strict, ct: ct);
        Assert.Equal(1494, analysis.Data.Alb!.Requests);
        Assert.Equal("host memory pressure (swap)", analysis.Diagnosis.Top!.Title);

        var albOnly = await S3IncidentAnalyzer.AnalyzeAsync(null, aws.AlbLogs, uri, ct: ct);
        Assert.Equal(uri.TrimEnd('/'), albOnly.Data.Name);
        var mem = albOnly.Diagnosis.Get("memory-pressure")!;
        Assert.True(mem.Status == VerdictStatus.NoData, string.Join("; ", mem.For.Concat(mem.Against).Select(e => e.Metric + "=" + e.Observed)) + " " + string.Join(",", albOnly.Data.Timeline.Series.Select(s => s.Name)));
        await Assert.ThrowsAsync<InvalidInputException>(() => S3IncidentAnalyzer.AnalyzeAsync(null, aws.AlbLogs, $"s3://{bucket}/nothing-here/", ct: ct));
    }
}
