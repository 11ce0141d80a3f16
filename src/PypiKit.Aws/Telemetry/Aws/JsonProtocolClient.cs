using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PypiKit.Telemetry.Aws;

/// <summary>
/// AWS JSON 1.1 protocol (<c>X-Amz-Target: Prefix.Operation</c>, body and answer are JSON): ECS, CloudWatch Logs,
/// Secrets Manager, SSM. Errors become <see cref="AwsServiceException"/> with the code from <c>__type</c>.
/// </summary>
public sealed class JsonProtocolClient(AwsSession session, AwsService service, string targetPrefix)
{
    internal static readonly JsonSerializerOptions ReadOptions = CreateReadOptions();

    public AwsSession Session => session;
    public AwsService Service => service;

    /// <summary>Calls <paramref name="operation"/> with <paramref name="request"/> (already in the wire's own member names).</summary>
    public async Task<JsonElement> CallAsync(string operation, JsonObject request, CancellationToken ct = default)
    {
        var body = Encoding.UTF8.GetBytes(WithoutNulls(request)!.ToJsonString());
        var headers = new Dictionary<string, string> { ["X-Amz-Target"] = targetPrefix + "." + operation };
        return await session.Retry.ExecuteAsync(async token =>
        {
            var response = await SigV4Transport.PostAsync(session, service, body, "application/x-amz-json-1.1", headers, token).ConfigureAwait(false);
            if (response.StatusCode is >= 200 and < 300)
            {
                if (response.Body.Length == 0) return JsonDocument.Parse("{}").RootElement.Clone();
                using var doc = JsonDocument.Parse(response.Body);
                return doc.RootElement.Clone();
            }
            throw await AwsErrorParser.ToExceptionAsync(session, service, operation, response).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A copy of <paramref name="node"/> without null members, at any depth: AWS reads an explicit <c>null</c> as a
    /// value (and rejects some), while an absent member means "not given". Nulls inside arrays are kept.
    /// </summary>
    public static JsonNode? WithoutNulls(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, WithoutNulls(p.Value)))),
        JsonArray a => new JsonArray(a.Select(WithoutNulls).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    /// <summary>Calls and deserializes the answer (member names matched case-insensitively, epoch timestamps understood).</summary>
    public async Task<T> CallAsync<T>(string operation, JsonObject request, CancellationToken ct = default)
    {
        var element = await CallAsync(operation, request, ct).ConfigureAwait(false);
        return element.Deserialize<T>(ReadOptions) ?? throw new JsonException($"{service.Name} {operation} returned null.");
    }

    private static JsonSerializerOptions CreateReadOptions()
    {
        var o = new JsonSerializerOptions { PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.AllowReadingFromString };
        o.Converters.Add(new EpochSecondsConverter());
        return o;
    }

    /// <summary>AWS JSON timestamps are epoch seconds (fractional); ISO strings are accepted too.</summary>
    private sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDouble() * 1000))
                : DateTimeOffset.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000.0);
    }
}
