using PypiKit.Json;
using PypiKit.Units;

namespace PypiKit.Tests.Units;

public class UnitTests
{
    private sealed record Sample(Mebibytes Memory, CpuUnits Cpu, Bytes Credits, BytesPerSecond Rate, Usd Cost, Percent Share);

    [Fact]
    public void Units_serialize_as_plain_numbers_and_round_trip()
    {
        var s = new Sample(new(512), new(640), new(2.309e12), BytesPerSecond.FromKibibytesPerSecond(50), new(12.5m), new(75));
        string json = PypiKitJson.Serialize(s, indented: false);
        Assert.Equal("{\"memory\":512,\"cpu\":640,\"credits\":2309000000000,\"rate\":51200,\"cost\":12.5,\"share\":75}", json);
        Assert.Equal(s, PypiKitJson.Deserialize<Sample>(json));
    }

    [Fact]
    public void Conversions_use_binary_prefixes()
    {
        Assert.Equal(2048, CpuUnits.FromVcpus(2).Value);
        Assert.Equal(1024L * 1024 * 512, new Mebibytes(512).ToBytes().Value);
        Assert.Equal("2.10 TiB", Bytes.FromTebibytes(2.1).ToString());
        Assert.Equal(100 * Bytes.MiB * 60, BytesPerSecond.FromMebibytesPerSecond(100).Over(TimeSpan.FromMinutes(1)).Value);
        Assert.Equal(0.75, new Percent(75).Fraction);
    }

    [Fact]
    public void A_non_number_is_rejected_with_the_unit_named()
    {
        var ex = Assert.ThrowsAny<System.Text.Json.JsonException>(() => PypiKitJson.Deserialize<Sample>("{\"memory\":\"lots\"}"));
        Assert.Contains("Mebibytes", ex.Message);
    }
}
