using PypiKit.Automation.Model;

namespace PypiKit.Automation.Rendering;

/// <summary>Where the task's image comes from (see <see cref="ImageSpec"/>).</summary>
public sealed partial class PulumiYamlRenderer
{
    /// <summary>The container's image reference.</summary>
    private string ImageUri() => $"{_m.Service.Image.Repository}:${{imageTag}}";
}
