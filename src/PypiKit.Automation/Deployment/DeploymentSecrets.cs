using PypiKit.Automation.Model;

namespace PypiKit.Automation.Deployment;

/// <summary>
/// The secret config values of a deployment, read from the environment the same way for <c>deploy</c> and
/// <c>campaign</c> (never from a file or a flag): <c>alarmWebhookUrl</c> from <see cref="AlarmWebhookVariable"/> when
/// the stack declares the webhook.
/// </summary>
public static class DeploymentSecrets
{
    /// <summary>Environment variable holding the alarm webhook URL (it carries a token: a secret).</summary>
    public const string AlarmWebhookVariable = "PYPIKIT_ALARM_WEBHOOK_URL";

    /// <summary>The secrets <paramref name="options"/> needs that <paramref name="environment"/> (default: the process environment) provides.</summary>
    public static IReadOnlyDictionary<string, string> FromEnvironment(StackOptions options, Func<string, string?>? environment = null)
    {
        var env = environment ?? Environment.GetEnvironmentVariable;
        var secrets = new Dictionary<string, string>();
        if (options.AlarmWebhook && env(AlarmWebhookVariable) is { Length: > 0 } url) secrets["alarmWebhookUrl"] = url;
        return secrets;
    }
}
