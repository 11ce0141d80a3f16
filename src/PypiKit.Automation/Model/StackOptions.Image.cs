namespace PypiKit.Automation.Model;

public sealed partial record StackOptions
{
    /// <summary>
    /// Pull the Docker Hub image through an ECR pull-through cache rule of this stack (authenticated with a Docker Hub
    /// access token kept in Secrets Manager), so scale-out does not hit Docker Hub's anonymous rate limit. Null: on for
    /// the Prod shape, off for Dev. Only for the Docker Hub image: a private <see cref="ImageRepository"/> is pulled as is.
    /// </summary>
    public bool? PullThroughCache { get; init; }

    /// <summary>Whether the stack pulls through the ECR cache (the option, or its shape's default, with the Docker Hub image).</summary>
    public bool UsesPullThroughCache => ImageRepository == DefaultImageRepository && (PullThroughCache ?? Shape == StackShape.Prod);

    /// <summary>
    /// An existing ACM certificate for the ALB's name (in the stack's region), instead of one requested and DNS-validated
    /// in the hosted zone. Null: request one.
    /// </summary>
    public string? CertificateArn { get; init; }
}
