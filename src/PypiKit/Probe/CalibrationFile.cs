using System.Text.Json;
using PypiKit.Json;

namespace PypiKit.Probe;

/// <summary>Reads and writes calibration files (<see cref="Calibration"/>), checking schema and version on read.</summary>
public static class CalibrationFile
{
    public static async Task WriteAsync(Calibration calibration, string path, CancellationToken ct = default)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(path, PypiKitJson.Serialize(calibration), ct);
    }

    /// <summary>Reads a calibration; a missing file, bad JSON, another schema or a newer version is bad input naming <c>calibration</c>.</summary>
    public static Calibration Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException("calibration", $"calibration: file '{path}' does not exist");
        Calibration c;
        try { c = PypiKitJson.Deserialize<Calibration>(File.ReadAllText(path)); }
        catch (JsonException ex) { throw new InvalidInputException("calibration", $"calibration: '{path}' is not a calibration file ({ex.Message.Split('.')[0]})", ex); }
        if (c.Schema != Calibration.SchemaName)
            throw new InvalidInputException("calibration", $"calibration: '{path}' has schema '{c.Schema}', expected '{Calibration.SchemaName}'");
        if (c.Version is < 1 or > Calibration.CurrentVersion)
            throw new InvalidInputException("calibration", $"calibration: '{path}' is version {c.Version}; this pypikit reads 1..{Calibration.CurrentVersion}");
        if (c.Operations is null || c.Operations.Count == 0)
            throw new InvalidInputException("calibration", $"calibration: '{path}' holds no operations");
        return c;
    }
}
