using PypiKit.Sizing;
using PypiKit.Units;

namespace PypiKit.Tests.Sizing;

public class InstanceCatalogTests
{
    [Fact]
    public void Default_catalog_holds_the_reference_types_with_ec2_memory()
    {
        var c = InstanceCatalog.Default;
        Assert.True(c.All.Count >= 38);
        var x = c.Get("c6a.xlarge");
        Assert.Equal(4, x.Vcpus);
        Assert.Equal(new Mebibytes(8192), x.Memory);
        Assert.Equal(new CpuUnits(4096), x.CpuUnits);
        Assert.Equal(new Usd(0.153m), x.HourlyPrice);
        Assert.False(x.Burstable);
        var small = c.Get("T3.SMALL");
        Assert.True(small.Burstable);
        Assert.Equal(24, small.CpuCreditsPerHour);
        Assert.Equal(new Percent(20), small.BaselineCpu);
        Assert.Equal(new Mebibytes(108), c.Get("t3.micro").HiddenMemory);
    }

    [Fact]
    public void Unknown_type_is_bad_input_naming_it()
    {
        var ex = Assert.Throws<InvalidInputException>(() => InstanceCatalog.Default.Get("t9.nano"));
        Assert.Equal("instance_type", ex.Input);
        Assert.Contains("t9.nano", ex.Message);
    }

    [Fact]
    public void A_user_file_overrides_and_adds_types()
    {
        using var temp = new TempDir("pypikit-types-");
        var path = Path.Combine(temp.Path, "types.csv");
        File.WriteAllText(path,
            "instance_type,vcpu,memory_mib,usd_per_hour_linux_on_demand,visible_memory_mib\n" +
            "t3.small,2,2048,0.025,1900\n" +
            "\"c8a.xlarge\",4,8192,0.2,\n");
        var c = InstanceCatalog.Default.WithOverrides(path);
        Assert.Equal(new Usd(0.025m), c.Get("t3.small").HourlyPrice);
        Assert.Equal(new Mebibytes(1900), c.Get("t3.small").VisibleMemory);
        Assert.Equal("c8a", c.Get("c8a.xlarge").Family);
        Assert.True(c.Contains("c6a.xlarge"));
        var plan = CapacityPlanner.Plan(new SizingInputs { InstanceType = "c8a.xlarge" }, c);
        Assert.Equal(6, plan.TasksPerInstance);
    }

    [Fact]
    public void A_malformed_file_names_the_file_and_column()
    {
        var ex = Assert.Throws<InvalidInputException>(() => InstanceCatalog.Parse("instance_type,vcpu,memory_mib\nx1.big,four,1024\n", "mine.csv"));
        Assert.Contains("mine.csv", ex.Message);
        Assert.Contains("vcpu", ex.Message);
        Assert.Throws<InvalidInputException>(() => InstanceCatalog.Parse("name,vcpu\n", "bad.csv"));
    }
}
