using PypiKit.Automation.Model;
using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Yaml.Y;

namespace PypiKit.Automation.Rendering;

/// <summary>The optional CloudFront distribution in front of the ALB, caching package files.</summary>
public sealed partial class PulumiYamlRenderer
{
    private void CloudFront(CloudFrontSpec cf)
    {
        Certificate("cloudFrontCertificate", _m.LoadBalancer.DomainName, provider: "awsUsEast1");
        YMap CacheKey(bool queryStrings) => Map(
            ("headersConfig", Map(("headerBehavior", Str("whitelist")), ("headers", Map(("items", Strs("Authorization")))))),
            ("cookiesConfig", Map(("cookieBehavior", Str("none")))),
            ("queryStringsConfig", Map(("queryStringBehavior", Str(queryStrings ? "all" : "none")))),
            ("enableAcceptEncodingGzip", Bool(true)), ("enableAcceptEncodingBrotli", Bool(true)));
        Res("packagesCachePolicy", "aws:cloudfront:CachePolicy", Map(("name", Str(N("packages"))),
            ("comment", Str("Package files are immutable: cache them, keyed on the credentials")),
            ("minTtl", Int(0)), ("defaultTtl", Int(cf.PackageTtlSeconds)), ("maxTtl", Int(31536000)),
            ("parametersInCacheKeyAndForwardedToOrigin", CacheKey(false))));
        Res("dynamicCachePolicy", "aws:cloudfront:CachePolicy", Map(("name", Str(N("dynamic"))),
            ("comment", Str("Index pages and uploads: not cached (TTL 0), Authorization forwarded")),
            ("minTtl", Int(0)), ("defaultTtl", Int(0)), ("maxTtl", Int(1)),
            ("parametersInCacheKeyAndForwardedToOrigin", CacheKey(true))));
        const string allViewerExceptHost = "b689b0a8-53d0-40ab-baf2-68738e2966ac"; // managed origin request policy
        YMap Behavior(string? path, string cachePolicy, bool writable) => Map(
            ("pathPattern", path is null ? null : Str(path)),
            ("targetOriginId", Str("alb")), ("viewerProtocolPolicy", Str("redirect-to-https")),
            ("allowedMethods", writable ? Strs("GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE") : Strs("GET", "HEAD")),
            ("cachedMethods", Strs("GET", "HEAD")), ("compress", Bool(true)),
            ("cachePolicyId", Ref($"{cachePolicy}.id")), ("originRequestPolicyId", Str(allViewerExceptHost)));
        Res("cloudFrontDistribution", "aws:cloudfront:Distribution", Map(
            ("enabled", Bool(true)), ("comment", Str($"{Svc} package files cached in front of the ALB")),
            ("aliases", Strs("${domainName}")), ("priceClass", Str(cf.PriceClass)), ("httpVersion", Str("http2and3")),
            ("isIpv6Enabled", Bool(true)),
            ("origins", Seq(Map(("originId", Str("alb")), ("domainName", Str(cf.OriginDomainName)),
                ("customOriginConfig", Map(("httpPort", Int(80)), ("httpsPort", Int(443)), ("originProtocolPolicy", Str("https-only")),
                    ("originSslProtocols", Strs("TLSv1.2")), ("originReadTimeout", Int(60))))))),
            ("defaultCacheBehavior", Behavior(null, "dynamicCachePolicy", writable: true)),
            ("orderedCacheBehaviors", Seq(Behavior("/packages/*", "packagesCachePolicy", writable: false))),
            ("restrictions", Map(("geoRestriction", Map(("restrictionType", Str("none")))))),
            ("viewerCertificate", Map(("acmCertificateArn", Ref("cloudFrontCertificateValidation.certificateArn")),
                ("sslSupportMethod", Str("sni-only")), ("minimumProtocolVersion", Str("TLSv1.2_2021"))))));
        Res("cloudFrontAliasRecord", "aws:route53:Record", Map(("zoneId", Ref("hostedZoneId")), ("name", Ref("domainName")), ("type", Str("A")),
            ("aliases", Seq(Map(("name", Ref("cloudFrontDistribution.domainName")), ("zoneId", Ref("cloudFrontDistribution.hostedZoneId")),
                ("evaluateTargetHealth", Bool(false)))))));
    }
}
