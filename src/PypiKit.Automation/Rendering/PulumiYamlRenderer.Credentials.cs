using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Yaml.Y;

namespace PypiKit.Automation.Rendering;

/// <summary>Generated basic-auth credentials kept in Secrets Manager.</summary>
public sealed partial class PulumiYamlRenderer
{
    private void Credentials()
    {
        var c = _m.Credentials;
        Res("pypiUsername", "random:RandomPet", Map(("length", Int(c.UsernameWords)), ("separator", Str("-"))));
        Res("pypiPassword", "random:RandomPassword", Map(("length", Int(c.PasswordLength)), ("special", Bool(false)),
            ("minNumeric", Int(2)), ("minUpper", Int(2)), ("minLower", Int(2))));
        Res("credentialsSecret", "aws:secretsmanager:Secret", Map(("namePrefix", Str(N("credentials-"))),
            ("description", Str("Username, password and bcrypt hash for basic auth on the PyPI server (pypiserver htpasswd).")),
            ("recoveryWindowInDays", Int(c.RecoveryWindowDays))));
        Res("credentialsSecretVersion", "aws:secretsmanager:SecretVersion", Map(("secretId", Ref("credentialsSecret.id")),
            ("secretString", ToJson(Map(
                ("username", Ref("pypiUsername.id")),
                (Model.LoadGeneratorOptions.PasswordSecretKey, Ref("pypiPassword.result")),
                ("bcrypt_hash", Ref("pypiPassword.bcryptHash")),
                ("htpasswd", Str("${pypiUsername.id}:${pypiPassword.bcryptHash}")))))));
    }
}
