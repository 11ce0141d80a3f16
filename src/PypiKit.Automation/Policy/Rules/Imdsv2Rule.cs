using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Policy.PolicyQueries;
using static PypiKit.Automation.Policy.PolicyTokens;
using static PypiKit.Automation.Policy.ProgramView;

namespace PypiKit.Automation.Policy.Rules;

/// <summary>EC2 instances require IMDSv2 tokens.</summary>
public sealed class Imdsv2Rule : IPolicyRule
{
    public string Id => "imdsv2-required";
    public string Description => "EC2 instances require IMDSv2 tokens";

    public IEnumerable<PolicyViolation> Check(ProgramView v)
    {
        var id = Id;
        foreach (var lt in v.OfType(Lt))
        {
            var md = lt.Properties.Map("metadataOptions");
            if (md?.Str("httpTokens") != "required") yield return new(id, lt.Name, "metadataOptions.httpTokens is not 'required'");
            if (md?.Str("httpEndpoint") == "disabled") continue;
            if ((md?["httpPutResponseHopLimit"] as YScalar)?.AsLong is > 2) yield return new(id, lt.Name, "IMDS hop limit above 2 lets containers reach instance credentials");
        }
    }
}
