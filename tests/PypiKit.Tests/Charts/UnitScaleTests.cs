using PypiKit.Charts;

namespace PypiKit.Tests.Charts;

public class UnitScaleTests
{
    [Theory]
    [InlineData("Bytes", 500, false, 1, "bytes")]
    [InlineData("Bytes", 3e9, false, 1073741824, "GiB")]
    [InlineData("Bytes", 2.3e12, true, 1e12, "TB")]
    [InlineData("Bytes/Second", 5e6, false, 1048576, "MiB/s")]
    [InlineData("Bytes/Second", 10, false, 1, "B/s")]
    [InlineData("Percent", 97, false, 1, "%")]
    [InlineData("Milliseconds", 250, false, 1, "ms")]
    [InlineData("Milliseconds", 25000, false, 1000, "s")]
    [InlineData("Count", 12, false, 1, "count")]
    [InlineData("req/s", 1200, false, 1, "req/s")]
    public void Scales_follow_the_unit_of_the_data(string unit, double max, bool decimalBytes, double divisor, string shown)
    {
        var s = UnitScale.For(unit, max, decimalBytes);
        Assert.Equal(divisor, s.Divisor);
        Assert.Equal(shown, s.Unit);
    }

    [Fact]
    public void Format_writes_a_value_in_the_scale()
    {
        Assert.Equal("1 TB", UnitScale.For("Bytes", 2e12, decimalBytes: true).Format(1e12));
        Assert.Equal("80 %", UnitScale.For("Percent", 100).Format(80));
    }
}
