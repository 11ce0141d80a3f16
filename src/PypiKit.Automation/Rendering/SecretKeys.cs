namespace PypiKit.Automation.Rendering;

/// <summary>Secret config keys a program may declare (set with <c>config set-all --secret</c>, never written to a file).</summary>
public static class SecretKeys
{
    /// <summary>HTTPS endpoint (with its token) subscribed to the alarm topic.</summary>
    public const string AlarmWebhookUrl = "alarmWebhookUrl";
    /// <summary>Docker Hub user of the pull-through cache's credential.</summary>
    public const string DockerHubUsername = "dockerHubUsername";
    /// <summary>Docker Hub access token of the pull-through cache's credential.</summary>
    public const string DockerHubAccessToken = "dockerHubAccessToken";
}
