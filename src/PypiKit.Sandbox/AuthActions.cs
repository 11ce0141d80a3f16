namespace PypiKit.Sandbox;

/// <summary>pypiserver's <c>-a/--authenticate</c> actions.</summary>
[Flags]
public enum AuthActions
{
    None = 0,
    Update = 1,
    Download = 2,
    List = 4,
    All = Update | Download | List,
}
