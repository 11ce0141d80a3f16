using PypiKit.Automation.Model;
using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Yaml.Y;

namespace PypiKit.Automation.Rendering;

/// <summary>
/// Where the task's image comes from (see <see cref="ImageSpec"/>). With the pull-through cache, ECR serves Docker Hub's
/// image from <c>&lt;account&gt;.dkr.ecr.&lt;region&gt;.amazonaws.com/&lt;prefix&gt;/pypiserver/pypiserver</c>: the first
/// pull creates the cached repository (the execution role may do that under the rule's prefix only) and authenticates to
/// Docker Hub with the credential in Secrets Manager, so scale-out is not rate-limited as anonymous pulls are.
/// </summary>
public sealed partial class PulumiYamlRenderer
{
    /// <summary>The pull-through cache rule's repository prefix: one per stack (2..30 characters in ECR).</summary>
    private string CachePrefix => N("hub");

    /// <summary>The container's image reference.</summary>
    private string ImageUri() => _m.Service.Image.Kind == ImageSourceKind.PullThroughCache
        ? $"${{accountId}}.dkr.ecr.${{region}}.amazonaws.com/${{dockerHubCacheRule.ecrRepositoryPrefix}}/{_m.Service.Image.Repository}:${{imageTag}}"
        : $"{_m.Service.Image.Repository}:${{imageTag}}";

    /// <summary>The Docker Hub credential (secret config → Secrets Manager), the cache rule, and the execution role's right to fill the cache.</summary>
    private void PullThroughCache()
    {
        Res("dockerHubCredentials", "aws:secretsmanager:Secret", Map(("namePrefix", Str($"{ImageSpec.CredentialSecretPrefix}{Svc}-")),
            ("description", Str("Docker Hub user and access token for the ECR pull-through cache of the pypiserver image")),
            ("recoveryWindowInDays", Int(_m.Credentials.RecoveryWindowDays))));
        Res("dockerHubCredentialsVersion", "aws:secretsmanager:SecretVersion", Map(("secretId", Ref("dockerHubCredentials.id")),
            ("secretString", ToJson(Map(("username", Ref(SecretKeys.DockerHubUsername)), ("accessToken", Ref(SecretKeys.DockerHubAccessToken)))))));
        Res("dockerHubCacheRule", "aws:ecr:PullThroughCacheRule", Map(("ecrRepositoryPrefix", Str(CachePrefix)),
            ("upstreamRegistryUrl", Str(ImageSpec.DockerHubRegistry)), ("credentialArn", Ref("dockerHubCredentialsVersion.arn"))));
        Res("taskExecutionPullThroughPolicy", "aws:iam:RolePolicy", Map(("role", Ref("taskExecutionRole.id")),
            ("policy", ToJson(Map(("Version", Str("2012-10-17")), ("Statement", Seq(
                Map(("Sid", Str("FillThePullThroughCache")), ("Effect", Str("Allow")),
                    ("Action", Strs("ecr:CreateRepository", "ecr:BatchImportUpstreamImage")),
                    ("Resource", Str("arn:aws:ecr:${region}:${accountId}:repository/${dockerHubCacheRule.ecrRepositoryPrefix}/*"))))))))));
    }
}
