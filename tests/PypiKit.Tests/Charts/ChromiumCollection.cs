namespace PypiKit.Tests.Charts;

/// <summary>
/// Test classes marked <c>[Collection(ChromiumCollection.Name)]</c> share ONE headless Chromium (a
/// <see cref="ChromiumRenderer"/> injected into their constructors) and run one after another — lighter on a small
/// machine than a browser per class (<c>IClassFixture&lt;ChromiumRenderer&gt;</c>, which also works).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumRenderer>
{
    public const string Name = "chromium";
}
