using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Tests.Telemetry;

/// <summary>A second moto server with IAM signature checking on (<c>POST /moto-api/reset-auth 0</c>).</summary>
public sealed class MotoAuthFixture : IAsyncLifetime
{
    public MotoServer? Server { get; private set; }
    public string? SkipReason { get; private set; }
    public string AccessKeyId { get; private set; } = "";
    public string SecretAccessKey { get; private set; } = "";
    public string RoleArn { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        TelemetryTestEnvironment.Apply();
        SkipReason = MotoServer.UnavailableReason();
        if (SkipReason is not null) return;
        Server = await MotoServer.StartAsync();
        var seed = await Server.SeedAsync("auth");
        AccessKeyId = seed.GetProperty("access_key_id").GetString()!;
        SecretAccessKey = seed.GetProperty("secret_access_key").GetString()!;
        RoleArn = seed.GetProperty("role_arn").GetString()!;
        await Server.PostAsync("/moto-api/reset-auth", "0", "text/plain");
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
    }
}

[Trait("Category", "Slow")]
public sealed class SignatureEnforcementTests(MotoAuthFixture fx) : IClassFixture<MotoAuthFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private MotoServer Moto
    {
        get
        {
            TelemetryTestEnvironment.Apply();
            if (fx.SkipReason is not null) Assert.Skip(fx.SkipReason);
            return fx.Server!;
        }
    }

    [Fact]
    public async Task The_right_key_is_accepted_by_json_and_query_services()
    {
        using var aws = Moto.Clients(new BasicAWSCredentials(fx.AccessKeyId, fx.SecretAccessKey));
        Assert.Empty(await aws.Ecs.ListTasksAsync("pypi", ct: Ct));
        Assert.NotNull(await aws.CloudWatch.ListMetricsAsync("AWS/EFS", ct: Ct));
        await aws.Logs.CreateLogGroupAsync("/auth/ok", Ct);
    }

    [Fact]
    public async Task A_wrong_secret_is_rejected_with_SignatureDoesNotMatch_and_no_secret_in_the_message()
    {
        const string wrongSecret = "WRONGwrongWRONGwrongWRONGwrongWRONGwrong1";
        using var aws = Moto.Clients(new BasicAWSCredentials(fx.AccessKeyId, wrongSecret), maxAttempts: 1);
        var json = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Ecs.ListTasksAsync("pypi", ct: Ct));
        Assert.Equal("SignatureDoesNotMatch", json.ErrorCode);
        Assert.Equal(403, json.StatusCode);
        var query = await Assert.ThrowsAsync<AwsServiceException>(() => aws.CloudWatch.ListMetricsAsync("AWS/EFS", ct: Ct));
        Assert.Equal("SignatureDoesNotMatch", query.ErrorCode);
        foreach (var ex in new[] { json, query })
        {
            var text = ex.ToString();
            Assert.DoesNotContain(wrongSecret, text);
            Assert.DoesNotContain(fx.SecretAccessKey, text);
            Assert.DoesNotContain(fx.AccessKeyId, text);
        }
    }

    [Fact]
    public async Task An_unknown_access_key_is_rejected_with_InvalidClientTokenId()
    {
        using var aws = Moto.Clients(new BasicAWSCredentials("AKIAUNKNOWNUNKNOWN00", "x" + fx.SecretAccessKey[1..]), maxAttempts: 1);
        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Ecs.ListTasksAsync("pypi", ct: Ct));
        Assert.Equal("InvalidClientTokenId", ex.ErrorCode);
        Assert.DoesNotContain("AKIAUNKNOWNUNKNOWN00", ex.ToString());
    }

    [Fact]
    public async Task Session_credentials_from_AssumeRole_are_accepted_and_need_their_token()
    {
        var moto = Moto;
        using var sts = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(fx.AccessKeyId, fx.SecretAccessKey),
            new AmazonSecurityTokenServiceConfig { ServiceURL = moto.Url, AuthenticationRegion = "us-east-1" });
        var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = fx.RoleArn, RoleSessionName = "pypikit-test" }, Ct);
        var c = assumed.Credentials;
        Assert.StartsWith("ASIA", c.AccessKeyId);

        using (var aws = moto.Clients(new SessionAWSCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken)))
        {
            Assert.Empty(await aws.Ecs.ListTasksAsync("pypi", ct: Ct));
            Assert.NotNull(await aws.CloudWatch.ListMetricsAsync("CWAgent", ct: Ct));
        }

        using var forged = moto.Clients(new SessionAWSCredentials(c.AccessKeyId, c.SecretAccessKey, "Zm9yZ2VkLXRva2Vu" + c.SessionToken[16..]), maxAttempts: 1);
        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => forged.Ecs.ListTasksAsync("pypi", ct: Ct));
        Assert.Contains(ex.ErrorCode, new[] { "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException" });
        Assert.DoesNotContain(c.SecretAccessKey, ex.ToString());
        Assert.DoesNotContain(c.SessionToken, ex.ToString());
    }
}
