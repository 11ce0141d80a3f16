using System.Text.Json;
using PypiKit.Json;

namespace PypiKit.Burst;

/// <summary>The result as JSON (PypiKit's snake_case convention; a superset of the reference's stress_test_*.json).</summary>
public static class JsonBurstReport
{
    public const string Extension = ".json";

    public static string Render(BurstResult result) => PypiKitJson.Serialize(result);

    public static void Write(BurstResult result, string path) => File.WriteAllText(path, Render(result));

    public static BurstResult Read(string path)
    {
        try { return PypiKitJson.Deserialize<BurstResult>(File.ReadAllText(path)); }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException(path, $"burst result '{path}': {e.Message}", e);
        }
    }
}
