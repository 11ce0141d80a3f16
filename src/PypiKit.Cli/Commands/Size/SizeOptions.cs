using System.CommandLine;
using PypiKit.Json;
using PypiKit.Sizing;
using PypiKit.Units;
using Spectre.Console;

namespace PypiKit.Cli.Commands.Size;

/// <summary>
/// The capacity-plan options shared by <c>pypikit size</c> and its subcommands (one fresh set per command, since an
/// option object belongs to one command), and the conversion of a parse result into <see cref="SizingInputs"/>.
/// </summary>
internal sealed class SizeOptions
{
    public Option<string> Instance { get; }
    public Option<int> Instances { get; } = new("--instances", "-n")
    {
        Description = "Number of EC2 instances in the ASG (the module's asg_min_size: one per subnet, 2 subnets by default).",
        DefaultValueFactory = _ => 2,
    };
    public Option<long> ContainerMemory { get; } = new("--container-memory", "-m")
    {
        Description = $"Hard memory limit of one pypiserver container, MB ({SizingInputs.MinContainerMemory}..{SizingInputs.MaxContainerMemory}).",
        DefaultValueFactory = _ => 512,
    };
    public Option<long?> Reservation { get; } = new("--reservation")
    {
        Description = "Soft memory reservation per container, MB (0..container memory; default 75 % of --container-memory).",
    };
    public Option<long?> ContainerCpu { get; } = new("--container-cpu")
    {
        Description = $"CPU units per container, {CpuUnits.PerVcpu} = one vCPU ({SizingInputs.MinContainerCpu}..{SizingInputs.MaxContainerCpu}; default workers × 150 + 40).",
    };
    public Option<int?> Workers { get; } = new("--workers")
    {
        Description = $"Gunicorn workers per container ({SizingInputs.MinWorkers}..{SizingInputs.MaxWorkers}; default max(2, min(8, memory / 128))).",
    };
    public Option<int?> TaskMin { get; } = new("--task-min")
    {
        Description = "Minimum ECS tasks (>= 0; default tasks per instance × instances).",
    };
    public Option<int?> TaskMax { get; } = new("--task-max")
    {
        Description = "Maximum ECS tasks (> 0, >= task min; default 2 × task min).",
    };
    public Option<int?> AsgMax { get; } = new("--asg-max")
    {
        Description = "Maximum instances in the ASG (default: the ECS module's formula).",
    };
    public Option<long> PageCache { get; } = new("--page-cache")
    {
        Description = "Host RAM kept for the page cache, MB (500 as the module's code computes; its docs say 512).",
        DefaultValueFactory = _ => SizingInputs.DefaultPageCache.Value,
    };
    public Option<long> SystemOverhead { get; } = new("--system-overhead")
    {
        Description = "Host RAM kept for the OS and the ECS agent, MB.",
        DefaultValueFactory = _ => SizingInputs.DefaultSystemOverhead.Value,
    };
    public Option<long?> HostMemory { get; } = new("--host-memory")
    {
        Description = "Size against this much host memory, MB, instead of the EC2 nominal figure (e.g. 916 for what a t3.micro really shows).",
    };
    public Option<bool> VisibleMemory { get; } = new("--visible-memory")
    {
        Description = "Size against the catalog's measured visible memory (free -m) when it has one, not the nominal figure.",
    };
    public Option<FileInfo?> Catalog { get; } = new("--catalog")
    {
        Description = "CSV file of instance types overriding/adding to the built-in catalog (columns of data/aws/instance-types.csv).",
    };

    private readonly string _defaultInstance;

    public SizeOptions(string defaultInstance = "t3.small")
    {
        _defaultInstance = defaultInstance;
        Instance = new Option<string>("--instance", "-i")
        {
            Description = "EC2 instance type, e.g. t3.small, c6a.xlarge.",
            DefaultValueFactory = _ => defaultInstance,
        };
    }

    /// <summary>Adds the instance/catalog options only (for commands that just need a type).</summary>
    public void AddInstanceOptions(Command cmd)
    {
        cmd.Options.Add(Instance);
        cmd.Options.Add(Instances);
        cmd.Options.Add(Catalog);
    }

    public void AddTo(Command cmd)
    {
        foreach (var o in new Option[] { Instance, Instances, ContainerMemory, Reservation, ContainerCpu, Workers, TaskMin, TaskMax, AsgMax, PageCache, SystemOverhead, HostMemory, VisibleMemory, Catalog })
            cmd.Options.Add(o);
    }

    public InstanceCatalog CatalogFrom(ParseResult r) => FlagErrors.Named(FlagErrors.Sizing, () =>
        r.GetValue(Catalog) is { } f ? InstanceCatalog.Default.WithOverrides(f.FullName) : InstanceCatalog.Default);

    private static bool Given(ParseResult r, Option o) => r.GetResult(o) is { Implicit: false };

    /// <summary>
    /// The one way from flags to sizing inputs, for size, deploy and campaign: start from <paramref name="baseline"/> (a
    /// config file's sizing block) or the defaults, and let each flag given on the command line replace its one field.
    /// Errors name the flag as typed.
    /// </summary>
    public SizingInputs InputsFrom(ParseResult r, SizingInputs? baseline = null) => FlagErrors.Named(FlagErrors.Sizing, () =>
    {
        var s = baseline ?? new SizingInputs { InstanceType = _defaultInstance };
        if (Given(r, Instance)) s = s with { InstanceType = r.GetValue(Instance)! };
        if (Given(r, Instances)) s = s with { InstanceCount = r.GetValue(Instances) };
        if (Given(r, ContainerMemory)) s = s with { ContainerMemory = new Mebibytes(r.GetValue(ContainerMemory)) };
        if (r.GetValue(Reservation) is { } res) s = s with { ContainerMemoryReservation = new Mebibytes(res) };
        if (r.GetValue(ContainerCpu) is { } cpu) s = s with { ContainerCpu = new CpuUnits(cpu) };
        if (r.GetValue(Workers) is { } w) s = s with { GunicornWorkers = w };
        if (r.GetValue(TaskMin) is { } tmin) s = s with { TaskMinCount = tmin };
        if (r.GetValue(TaskMax) is { } tmax) s = s with { TaskMaxCount = tmax };
        if (r.GetValue(AsgMax) is { } amax) s = s with { AsgMaxSize = amax };
        if (Given(r, PageCache)) s = s with { PageCache = new Mebibytes(r.GetValue(PageCache)) };
        if (Given(r, SystemOverhead)) s = s with { SystemOverhead = new Mebibytes(r.GetValue(SystemOverhead)) };
        if (r.GetValue(HostMemory) is { } h) s = s with { HostMemory = new Mebibytes(h) };
        if (Given(r, VisibleMemory)) s = s with { UseVisibleMemory = r.GetValue(VisibleMemory) };
        return s.Validate();
    });

    public static Option<bool> Json() => new("--json") { Description = "Print the result as JSON (snake_case) instead of a table." };
}

/// <summary>Console helpers shared by the size commands.</summary>
internal static class SizeOutput
{
    public static void WriteJson<T>(T value) => CliConsole.Text.WriteLine(PypiKitJson.Serialize(value));

    /// <summary>The command's console (<see cref="CliConsole"/>).</summary>
    public static IAnsiConsole Out => CliConsole.Out;

    public static Table KeyValueTable(string title) =>
        new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title)).AddColumn("Field").AddColumn(new TableColumn("Value").RightAligned()).AddColumn("Note").NoWrapExcept(2);

    public static void Row(Table t, string field, object value, string note = "") =>
        t.AddRow(Markup.Escape(field), Markup.Escape(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""), Markup.Escape(note));

    public static string Seconds(double s) => s >= 100 ? $"{s:0} s" : s >= 10 ? $"{s:0.0} s" : $"{s:0.00} s";

    public static string Duration(TimeSpan? t) => t switch
    {
        null => "never",
        { TotalDays: >= 2 } d => $"{d.TotalDays:0.0} days",
        { TotalHours: >= 2 } d => $"{d.TotalHours:0.0} h",
        { TotalMinutes: >= 2 } d => $"{d.TotalMinutes:0.0} min",
        { } d => $"{d.TotalSeconds:0} s",
    };

    /// <summary>Splits "a,b" and repeated option values into one list.</summary>
    public static string[] SplitList(IEnumerable<string>? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
}
