using System.Text.Json;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using PypiKit.Json;

namespace PypiKit.Burst;

/// <summary>
/// The built-in profiles: the reference harness's five (tests/stress_test.py TEST_PROFILES, with the pass thresholds
/// of tests/test_stress.py and the standalone CLI), and a <c>-local</c> variant of each scaled to finish in under a
/// minute on a 2-core machine against the sandbox.
/// </summary>
public static class BurstProfiles
{
    // Reference thresholds (pytest assertions; the standalone CLI fails on error_rate > 1 % or any 5xx and warns on P95 > 2 s).
    private static readonly string[] IncidentThresholds = ["error_rate < 1%", "p95 < 15s", "count(5xx) < 10"];
    private static readonly string[] WithUploadsThresholds = ["error_rate < 1%", "p95 < 2s", "count(5xx) == 0"];
    private static readonly string[] CliThresholds = ["error_rate <= 1%", "count(5xx) == 0"];
    private static readonly string[] CliWarnings = ["p95 <= 2s"];
    private static readonly string[] LightThresholds = ["error_rate < 5%", "count(5xx) == 0"];
    private static readonly string[] HeavyThresholds = ["error_rate < 2%", "p95 < 3s", "count(5xx) == 0"];

    public static BurstProfile ProductionIncident { get; } = new()
    {
        Name = "production_incident",
        Description = "Reference: 3 clients, 5 min, a burst of 510 pip installs every 60 s (multiplier 170), downloads only.",
        Packages = 100, Clients = 3, DurationSeconds = 300, BurstIntervalSeconds = 60, BurstMultiplier = 170, UploadRatio = 0,
        Thresholds = IncidentThresholds,
    };

    public static BurstProfile ProductionIncidentWithUploads { get; } = new()
    {
        Name = "production_incident_with_uploads",
        Description = "Reference: 3 clients, 24 min, bursts of 255 every 60 s (multiplier 85), 30 % uploads.",
        Packages = 100, Clients = 3, DurationSeconds = 1440, BurstIntervalSeconds = 60, BurstMultiplier = 85, UploadRatio = 0.3,
        Thresholds = WithUploadsThresholds,
    };

    public static BurstProfile UploadStorm { get; } = new()
    {
        Name = "upload_storm",
        Description = "Reference: 3 clients, 24 min, bursts of 255 every 60 s, uploads only (no pytest test; CLI criteria).",
        Packages = 100, Clients = 3, DurationSeconds = 1440, BurstIntervalSeconds = 60, BurstMultiplier = 85, UploadRatio = 1.0,
        Thresholds = CliThresholds, WarnThresholds = CliWarnings,
    };

    public static BurstProfile LightLoad { get; } = new()
    {
        Name = "light_load",
        Description = "Reference: 50 packages, 3 clients, 5 min, no bursts, downloads only.",
        Packages = 50, Clients = 3, DurationSeconds = 300, BurstIntervalSeconds = 0, BurstMultiplier = 1, UploadRatio = 0,
        Thresholds = LightThresholds,
    };

    public static BurstProfile HeavyLoad { get; } = new()
    {
        Name = "heavy_load",
        Description = "Reference: 20 clients, 10 min, bursts of 100 every 30 s (multiplier 5), downloads only.",
        Packages = 100, Clients = 20, DurationSeconds = 600, BurstIntervalSeconds = 30, BurstMultiplier = 5, UploadRatio = 0,
        Thresholds = HeavyThresholds,
    };

    /// <summary>The reference profiles, scaled: 5 s pacing, bursts every 10 s, ≤ 60 concurrent workers, 20–25 s.</summary>
    private static BurstProfile Local(BurstProfile p, double duration, double burstInterval, double multiplier) => p with
    {
        Name = p.Name + "-local",
        Description = $"{p.Name} scaled for one machine: {duration:0} s, {p.Clients} clients, pacing 5 s, " +
                      (burstInterval > 0 ? $"bursts of {(int)(p.Clients * multiplier)} every {burstInterval:0} s" : "no bursts") +
                      (p.UploadRatio > 0 ? $", {p.UploadRatio:P0} uploads" : "") + "; thresholds as the reference.",
        DurationSeconds = duration,
        PacingSeconds = 5,
        BurstIntervalSeconds = burstInterval,
        BurstMultiplier = multiplier,
    };

    public static IReadOnlyList<BurstProfile> All { get; } =
    [
        ProductionIncident, ProductionIncidentWithUploads, UploadStorm, LightLoad, HeavyLoad,
        Local(ProductionIncident, 25, 10, 20),
        Local(ProductionIncidentWithUploads, 25, 10, 10),
        Local(UploadStorm, 20, 10, 10),
        Local(LightLoad, 20, 0, 1),
        Local(HeavyLoad, 25, 10, 3),
    ];

    public static IEnumerable<string> Names => All.Select(p => p.Name);

    /// <summary>A built-in profile by name (case-insensitive, '-' or '_' alike in the base name).</summary>
    public static BurstProfile Get(string name) =>
        TryGet(name, out var p) ? p
            : throw new InvalidInputException("profile", $"unknown profile '{name}'; built-in: {string.Join(", ", Names)} (or a .json/.yaml file)");

    public static bool TryGet(string name, out BurstProfile profile)
    {
        var key = Canon(name);
        profile = All.FirstOrDefault(p => Canon(p.Name) == key)!;
        return profile is not null;
    }

    private static string Canon(string n)
    {
        var local = n.EndsWith("-local", StringComparison.OrdinalIgnoreCase);
        var baseName = local ? n[..^6] : n;
        return baseName.ToLowerInvariant().Replace('-', '_') + (local ? "-local" : "");
    }

    /// <summary>A built-in name, or the path of a JSON or YAML profile file.</summary>
    public static BurstProfile Resolve(string nameOrPath)
    {
        if (TryGet(nameOrPath, out var p)) return p;
        if (File.Exists(nameOrPath)) return Load(nameOrPath);
        return Get(nameOrPath);
    }

    /// <summary>Reads a profile from a JSON or YAML file (snake_case fields as <see cref="BurstProfile"/>).</summary>
    public static BurstProfile Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException(path, $"profile file '{path}': {e.Message}", e);
        }
        var isYaml = path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
        return Parse(text, isYaml, path);
    }

    /// <summary>Parses a profile from JSON or YAML text; <paramref name="source"/> names it in errors.</summary>
    public static BurstProfile Parse(string text, bool yaml, string source = "profile")
    {
        BurstProfile profile;
        try
        {
            if (yaml)
            {
                var obj = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build().Deserialize<object>(text);
                var json = new SerializerBuilder().JsonCompatible().Build().Serialize(obj);
                text = json;
            }
            profile = JsonSerializer.Deserialize<BurstProfile>(text, ProfileJson) ?? throw new JsonException("empty document");
        }
        catch (Exception e) when (e is JsonException or YamlDotNet.Core.YamlException or NotSupportedException)
        {
            throw new InvalidInputException(source, $"profile '{source}': {e.Message}", e);
        }
        profile.Validate();
        return profile;
    }

    private static readonly JsonSerializerOptions ProfileJson = new(PypiKitJson.Options)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };
}
