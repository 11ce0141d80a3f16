using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Policy.PolicyTokens;
using static PypiKit.Automation.Policy.ProgramView;

namespace PypiKit.Automation.Policy.Rules;

/// <summary>
/// A multi-AZ (prod) stack pulls its images from a registry it authenticates to (ECR, a pull-through cache, or
/// <c>repositoryCredentials</c>), never anonymously from Docker Hub, whose anonymous pull limit stops a scale-out. The
/// stack counts as prod when its EFS volume is regional (no <c>availabilityZoneName</c>, the dev shape's One Zone).
/// </summary>
public sealed class NoAnonymousDockerHubRule : IPolicyRule
{
    public string Id => "no-anonymous-docker-hub";
    public string Description => "a multi-AZ (prod) stack pulls images through ECR (pull-through cache or a private repository), never anonymously from Docker Hub";

    public IEnumerable<PolicyViolation> Check(ProgramView v)
    {
        var prod = v.OfType(Efs).Any(f => f.Properties["availabilityZoneName"] is null);
        if (!prod) yield break;
        foreach (var td in v.OfType(TaskDef))
            foreach (var c in AsList(JsonDoc(td.Properties["containerDefinitions"])).OfType<YMap>())
                if (Text(c["image"]) is { } image && IsDockerHub(image) && c["repositoryCredentials"] is null)
                    yield return new(Id, td.Name, $"container '{c.Str("name")}' pulls {image} anonymously from Docker Hub (rate-limited on scale-out): use the pull-through cache or a private image");
    }

    /// <summary>
    /// Docker's reference rules: a name whose first component has no dot or colon and is not <c>localhost</c> is on
    /// Docker Hub, as are names under docker.io, index.docker.io and registry-1.docker.io. A name that starts with a
    /// reference (<c>${repo.repositoryUrl}</c>) is a repository of the program, not Docker Hub.
    /// </summary>
    public static bool IsDockerHub(string image)
    {
        if (image.StartsWith("${", StringComparison.Ordinal)) return false;
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return true;
        var host = image[..slash];
        if (host is "docker.io" or "index.docker.io" or "registry-1.docker.io") return true;
        return !(host.Contains('.', StringComparison.Ordinal) || host.Contains(':', StringComparison.Ordinal) || host == "localhost");
    }
}
