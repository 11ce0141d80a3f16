using PypiKit.Units;

namespace PypiKit.Sizing;

/// <summary>
/// The EC2 instance types the sizing engine knows. <see cref="Default"/> is read from <c>data/aws/instance-types.csv</c>
/// (embedded in the assembly; us-west-2 Linux on-demand, dated in <c>data/aws/README.md</c>). A user file with the same
/// columns overrides or adds types: <see cref="WithOverrides(string)"/>. Lookups are case-insensitive.
/// </summary>
public sealed class InstanceCatalog
{
    /// <summary>Name of the embedded copy of <c>data/aws/instance-types.csv</c>.</summary>
    public const string ResourceName = "PypiKit.Data.aws.instance-types.csv";

    private static readonly Lazy<InstanceCatalog> s_default = new(() => FromTable(CsvTable.ReadResource(ResourceName)));
    private readonly Dictionary<string, InstanceType> _types;

    public InstanceCatalog(IEnumerable<InstanceType> types)
    {
        _types = new Dictionary<string, InstanceType>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in types) _types[t.Name] = t;
    }

    /// <summary>The built-in catalog (data/aws/instance-types.csv).</summary>
    public static InstanceCatalog Default => s_default.Value;

    /// <summary>Every type, ordered by family then size.</summary>
    public IReadOnlyList<InstanceType> All =>
        _types.Values.OrderBy(t => t.Family, StringComparer.Ordinal).ThenBy(t => t.Vcpus).ThenBy(t => t.Memory.Value).ToArray();

    public bool Contains(string name) => _types.ContainsKey(name);

    public bool TryGet(string name, out InstanceType type)
    {
        if (_types.TryGetValue(name.Trim(), out var t)) { type = t; return true; }
        type = null!;
        return false;
    }

    /// <summary>The type called <paramref name="name"/>; an <see cref="InvalidInputException"/> naming it when unknown.</summary>
    public InstanceType Get(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new InvalidInputException("instance_type", "instance_type is empty: give an EC2 type such as t3.small");
        if (TryGet(name, out var t)) return t;
        var family = name.Split('.')[0];
        var near = _types.Keys.Where(k => k.StartsWith(family + ".", StringComparison.OrdinalIgnoreCase)).Order().ToArray();
        var hint = near.Length > 0 ? $"known {family} types: {string.Join(", ", near)}" : $"known families: {string.Join(", ", _types.Values.Select(v => v.Family).Distinct().Order())}";
        throw new InvalidInputException("instance_type",
            $"unknown instance type '{name}' ({hint}; add it with a catalog file, see data/aws/README.md)");
    }

    /// <summary>This catalog with the types of <paramref name="path"/> added or replacing those of the same name.</summary>
    public InstanceCatalog WithOverrides(string path) => WithOverrides(Load(path).All);

    /// <summary>This catalog with <paramref name="types"/> added or replacing those of the same name.</summary>
    public InstanceCatalog WithOverrides(IEnumerable<InstanceType> types) => new(_types.Values.Concat(types));

    /// <summary>Reads a catalog file (columns of data/aws/instance-types.csv; visible_memory_mib optional).</summary>
    public static InstanceCatalog Load(string path) => FromTable(CsvTable.ReadFile(path));

    /// <summary>Reads catalog CSV text (for notebooks and tests).</summary>
    public static InstanceCatalog Parse(string csv, string source = "catalog") => FromTable(CsvTable.Read(new StringReader(csv), source));

    private static InstanceCatalog FromTable(CsvTable table)
    {
        table.Require("instance_type", "vcpu", "memory_mib");
        var types = new List<InstanceType>();
        foreach (var row in table.Rows)
        {
            var name = table.Get(row, "instance_type");
            var family = table.Get(row, "family");
            if (family.Length == 0) family = name.Split('.')[0];
            var burstable = table.GetBool(row, "burstable");
            var arch = table.Get(row, "arch");
            types.Add(new InstanceType(
                Name: name,
                Family: family,
                Architecture: arch.Length == 0 ? "x86_64" : arch,
                Vcpus: (int)table.GetDouble(row, "vcpu"),
                Memory: new Mebibytes((long)table.GetDouble(row, "memory_mib")),
                Burstable: burstable,
                BaselineCpu: new Percent(table.TryGetDouble(row, "baseline_cpu_pct") ?? 100),
                CpuCreditsPerHour: table.TryGetDouble(row, "cpu_credits_per_hour"),
                HourlyPrice: new Usd((decimal)(table.TryGetDouble(row, "usd_per_hour_linux_on_demand") ?? 0)),
                VisibleMemory: table.TryGetDouble(row, "visible_memory_mib") is { } v ? new Mebibytes((long)v) : null));
        }
        return new InstanceCatalog(types);
    }
}
