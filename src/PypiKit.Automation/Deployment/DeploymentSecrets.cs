using PypiKit.Automation.Rendering;
using PypiKit.Automation.Model;

namespace PypiKit.Automation.Deployment;

/// <summary>
/// The secret config values of a deployment, read from the environment the same way for <c>deploy</c> and
/// <c>campaign</c> (never from a file or a flag): <c>alarmWebhookUrl</c> from <see cref="AlarmWebhookVariable"/> when
/// the stack declares the webhook; the Docker Hub user and access token of the pull-through cache from
/// <see cref="DockerHubUserVariable"/> and <see cref="DockerHubTokenVariable"/> when the stack pulls through the cache.
/// </summary>
public static class DeploymentSecrets
{
    /// <summary>Environment variable holding the alarm webhook URL (it carries a token: a secret).</summary>
    public const string AlarmWebhookVariable = "PYPIKIT_ALARM_WEBHOOK_URL";
    /// <summary>Environment variables holding the Docker Hub user and access token for the ECR pull-through cache.</summary>
    public const string DockerHubUserVariable = "PYPIKIT_DOCKERHUB_USERNAME", DockerHubTokenVariable = "PYPIKIT_DOCKERHUB_TOKEN";

    /// <summary>The secrets <paramref name="options"/> needs that <paramref name="environment"/> (default: the process environment) provides.</summary>
    public static IReadOnlyDictionary<string, string> FromEnvironment(StackOptions options, Func<string, string?>? environment = null)
    {
        var env = environment ?? Environment.GetEnvironmentVariable;
        var secrets = new Dictionary<string, string>();
        if (options.AlarmWebhook && env(AlarmWebhookVariable) is { Length: > 0 } url) secrets[SecretKeys.AlarmWebhookUrl] = url;
        if (options.UsesPullThroughCache)
        {
            if (env(DockerHubUserVariable) is { Length: > 0 } user) secrets[SecretKeys.DockerHubUsername] = user;
            if (env(DockerHubTokenVariable) is { Length: > 0 } token) secrets[SecretKeys.DockerHubAccessToken] = token;
        }
        return secrets;
    }
}
