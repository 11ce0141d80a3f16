using System.Text.Json.Nodes;

namespace PypiKit.Telemetry.Aws;

/// <summary>
/// A secret's value. <see cref="ToString"/> never prints the value, so logging the record is safe; read
/// <see cref="SecretString"/> explicitly where it is needed.
/// </summary>
public sealed record SecretValue(string Arn, string Name, string? VersionId, string? SecretString)
{
    public override string ToString() => $"SecretValue {{ Name = {Name}, VersionId = {VersionId}, SecretString = *** }}";
}

/// <summary>Secrets Manager (JSON 1.1, <c>secretsmanager</c>): GetSecretValue only.</summary>
public sealed class SecretsManagerClient(AwsSession session)
{
    private readonly JsonProtocolClient _json = new(session, AwsService.SecretsManager, "secretsmanager");

    public async Task<SecretValue> GetSecretValueAsync(string secretId, string? versionStage = null, CancellationToken ct = default)
    {
        var r = await _json.CallAsync<Raw>("GetSecretValue", new JsonObject
        {
            ["SecretId"] = secretId, ["VersionStage"] = versionStage,
        }, ct).ConfigureAwait(false);
        return new SecretValue(r.Arn ?? "", r.Name ?? secretId, r.VersionId, r.SecretString);
    }

    private sealed record Raw(string? Arn, string? Name, string? VersionId, string? SecretString);
}
