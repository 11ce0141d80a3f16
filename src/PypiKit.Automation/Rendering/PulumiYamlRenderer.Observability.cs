using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Yaml.Y;

namespace PypiKit.Automation.Rendering;

/// <summary>The alarm topic and its subscriptions, the alarms and the dashboard.</summary>
public sealed partial class PulumiYamlRenderer
{
    private void Observability()
    {
        var o = _m.Observability;
        Res("alarmTopicKey", "aws:kms:Key", Map(("description", Str("Encrypts the alarm topic; CloudWatch may use it to publish")),
            ("enableKeyRotation", Bool(true)), ("deletionWindowInDays", Int(7)),
            ("policy", ToJson(Map(("Version", Str("2012-10-17")), ("Statement", Seq(
                Map(("Sid", Str("AccountAdministers")), ("Effect", Str("Allow")), ("Principal", Map(("AWS", Str("arn:aws:iam::${accountId}:root")))),
                    ("Action", Str("kms:*")), ("Resource", Str("*"))),
                Map(("Sid", Str("CloudWatchAlarmsPublish")), ("Effect", Str("Allow")), ("Principal", Map(("Service", Str("cloudwatch.amazonaws.com")))),
                    ("Action", Strs("kms:Decrypt", "kms:GenerateDataKey*")), ("Resource", Str("*"))))))))));
        Res("alarmTopic", "aws:sns:Topic", Map(("name", Str(N("alarms"))), ("kmsMasterKeyId", Ref("alarmTopicKey.id"))));
        for (var i = 0; i < o.AlarmEmails.Count; i++)
            Res($"alarmEmailSubscription{i}", "aws:sns:TopicSubscription", Map(("topic", Ref("alarmTopic.arn")), ("protocol", Str("email")),
                ("endpoint", Ref($"alarmEmails[{i}]"))));
        if (o.AlarmWebhook)
            Res("alarmWebhookSubscription", "aws:sns:TopicSubscription", Map(("topic", Ref("alarmTopic.arn")), ("protocol", Str("https")),
                ("endpoint", Ref("alarmWebhookUrl")), ("endpointAutoConfirms", Bool(true))));

        StackAlarmResources();

        Res("dashboard", "aws:cloudwatch:Dashboard", Map(("dashboardName", Str(N("pypiserver"))),
            ("dashboardBody", ToJson(Dashboard.Body(_m)))));
    }
}
