using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using PypiKit.Automation.Yaml;

namespace PypiKit.Automation.Validation;

/// <summary>One schema entry (resource, provider or function) of the embedded Pulumi schema data.</summary>
public sealed record SchemaEntry(string Token, string Kind, string YamlToken, IReadOnlyList<string> Inputs, IReadOnlyList<string> Required,
    IReadOnlyList<string> Outputs, IReadOnlyDictionary<string, string> InputTypes);

/// <summary>A nested input object type (e.g. <c>ec2.SecurityGroupIngress</c>).</summary>
public sealed record SchemaType(string Name, IReadOnlyList<string> Properties, IReadOnlyList<string> Required, IReadOnlyDictionary<string, string> PropertyTypes);

/// <summary>One finding: where (a dotted path such as <c>resources.alb.properties.subnetz</c>, plus the source line) and what.</summary>
public sealed record SchemaIssue(string Path, string Message, int Line)
{
    public override string ToString() => Line > 0 ? $"{Path} (line {Line}): {Message}" : $"{Path}: {Message}";
}

/// <summary>Result of <see cref="SchemaValidator.Validate(string)"/>.</summary>
public sealed record ValidationReport(IReadOnlyList<SchemaIssue> Errors, IReadOnlyList<SchemaIssue> Warnings, int ResourceCount)
{
    public bool IsValid => Errors.Count == 0;
    public override string ToString() =>
        string.Join('\n', Errors.Select(e => "error: " + e).Concat(Warnings.Select(w => "warning: " + w))
            .Append($"{ResourceCount} resources, {Errors.Count} errors, {Warnings.Count} warnings"));
}

/// <summary>
/// Offline check of a Pulumi YAML program against the schema data of @pulumi/aws 7.48.0 and @pulumi/random 4.21.2
/// (the subset PypiKit uses, embedded in this assembly; see Schema/README.md). Mirrors what pulumi-yaml reports at
/// preview: token resolution (exact, <c>pkg:Name</c>, <c>pkg:mod:Name</c>, case-insensitive), unknown properties (with
/// "did you mean"), missing required properties, nested object types, invoke arguments and <c>return</c> fields,
/// references to unknown names or to outputs a resource does not have, unknown <c>fn::</c> builtins and resource
/// options, and JSON documents given as objects where the schema wants a string (they need <c>fn::toJSON</c>).
/// A token that is not in the embedded subset is reported as unknown: add it to Schema/tokens.txt and re-run
/// scripts/schema-subset.py.
/// </summary>
public sealed partial class SchemaValidator
{
    private readonly Dictionary<string, SchemaEntry> _entries;
    private readonly Dictionary<string, string> _lower;
    private readonly Dictionary<string, SchemaType> _types;

    private static readonly Lazy<SchemaValidator> Embedded = new(() => FromJson(ReadResource("schema.json"), ReadResource("types.json")));

    /// <summary>The validator over the schema subset embedded in PypiKit.Automation.</summary>
    public static SchemaValidator Default => Embedded.Value;

    /// <summary>Source packages/versions of the embedded schema data (from Schema/meta.json).</summary>
    public static string EmbeddedSchemaSource
    {
        get
        {
            using var doc = JsonDocument.Parse(ReadResource("meta.json"));
            return string.Join(", ", doc.RootElement.GetProperty("source").EnumerateArray()
                .Select(s => $"{s.GetProperty("package").GetString()} {s.GetProperty("version").GetString()}"));
        }
    }

    private SchemaValidator(Dictionary<string, SchemaEntry> entries, Dictionary<string, SchemaType> types)
    {
        _entries = entries;
        _types = types;
        _lower = entries.Keys.ToDictionary(k => k.ToLowerInvariant(), k => k);
    }

    /// <summary>Builds a validator from schema JSON (as written by extract-aws-schema.js or scripts/schema-subset.py) and its types JSON.</summary>
    public static SchemaValidator FromJson(string schemaJson, string typesJson)
    {
        var entries = new Dictionary<string, SchemaEntry>();
        using (var doc = JsonDocument.Parse(schemaJson))
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                var e = p.Value;
                entries[p.Name] = new SchemaEntry(p.Name, e.GetProperty("kind").GetString()!,
                    e.TryGetProperty("yamlToken", out var y) ? y.GetString()! : p.Name,
                    Strings(e, "inputs"), Strings(e, "required"), Strings(e, "outputs"), StringMap(e, "inputTypes"));
            }
        var types = new Dictionary<string, SchemaType>();
        using (var doc = JsonDocument.Parse(typesJson))
            foreach (var p in doc.RootElement.EnumerateObject())
                types[p.Name] = new SchemaType(p.Name, Strings(p.Value, "properties"), Strings(p.Value, "required"), StringMap(p.Value, "propertyTypes"));
        return new SchemaValidator(entries, types);
    }

    private static string[] Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? [.. a.EnumerateArray().Select(x => x.GetString()!)] : [];

    private static Dictionary<string, string> StringMap(JsonElement e, string name) =>
        e.TryGetProperty(name, out var m) && m.ValueKind == JsonValueKind.Object
            ? m.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "") : [];

    internal static string ReadResource(string name)
    {
        var asm = typeof(SchemaValidator).Assembly;
        using var s = asm.GetManifestResourceStream("PypiKit.Automation.Schema." + name)
                      ?? throw new InvalidOperationException($"embedded schema resource {name} is missing");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    public IReadOnlyCollection<string> Tokens => _entries.Keys;
    public SchemaEntry? Get(string token) => ResolveToken(token) is { } t ? _entries[t] : null;
    public SchemaType? GetType(string name) => _types.GetValueOrDefault(name);

    /// <summary>pulumi-yaml's resolveToken: exact, <c>pkg:Name</c> → <c>pkg:index:Name</c>, <c>pkg:mod:Name</c> → <c>pkg:mod/name:Name</c>; case-insensitive.</summary>
    public string? ResolveToken(string token)
    {
        string? Get(string t) => _entries.ContainsKey(t) ? t : _lower.GetValueOrDefault(t.ToLowerInvariant());
        var p = token.Split(':');
        if (p.Length is < 2 or > 3) return null;
        if (Get(token) is { } exact) return exact;
        if (p.Length == 2)
        {
            if (Get($"{p[0]}:index:{p[1]}") is { } idx) return idx;
            p = [p[0], "index", p[1]];
        }
        return Get($"{p[0]}:{p[1]}/{p[2]}:{p[2]}");
    }

    // ------------------------------------------------------------------------------------------------ validation

    private static readonly HashSet<string> TopKeys = ["name", "runtime", "description", "config", "variables", "resources", "outputs",
        "pulumi", "requiredPulumiVersion", "packages", "components", "main", "stackConfigDir", "backend", "options", "template", "plugins", "author", "website", "license"];
    private static readonly HashSet<string> ResourceKeys = ["type", "name", "defaultProvider", "properties", "options", "get"];
    private static readonly HashSet<string> OptionKeys = ["additionalSecretOutputs", "aliases", "customTimeouts", "deleteBeforeReplace", "dependsOn",
        "ignoreChanges", "import", "parent", "protect", "provider", "providers", "version", "pluginDownloadURL", "replaceOnChanges",
        "retainOnDelete", "replaceWith", "deletedWith", "hideDiffs", "replacementTrigger", "envVarMappings"];
    private static readonly HashSet<string> Builtins = ["fn::invoke", "fn::join", "fn::tojson", "fn::tobase64", "fn::frombase64", "fn::select",
        "fn::split", "fn::stackreference", "fn::assetarchive", "fn::secret", "fn::unsecret", "fn::readfile", "fn::filebase64",
        "fn::filebase64sha256", "fn::sha1", "fn::length", "fn::singleornone", "fn::pulumiresourcename", "fn::pulumiresourcetype",
        "fn::stringasset", "fn::fileasset", "fn::remoteasset", "fn::filearchive", "fn::remotearchive"];
    private static readonly HashSet<string> ConfigTypes = ["string", "integer", "boolean", "array", "object"];

    /// <summary>Validates Pulumi YAML text.</summary>
    public ValidationReport Validate(string yaml)
    {
        YNode root;
        try { root = YamlReader.Read(yaml); }
        catch (FormatException ex) { return new ValidationReport([new SchemaIssue("(document)", ex.Message, 0)], [], 0); }
        if (root is not YMap map) return new ValidationReport([new SchemaIssue("(document)", "the program must be a YAML mapping", root.Line)], [], 0);
        return Validate(map);
    }

    /// <summary>Validates a parsed program.</summary>
    public ValidationReport Validate(YMap doc) => new Run(this, doc).Execute();

    private sealed class Run(SchemaValidator v, YMap doc)
    {
        private readonly List<SchemaIssue> _errors = [], _warnings = [];
        private readonly HashSet<string> _names = ["pulumi"];
        private YMap _resources = new();

        private void Error(string path, YNode? at, string message) => _errors.Add(new SchemaIssue(path, message, at?.Line ?? 0));
        private void Warn(string path, YNode? at, string message) => _warnings.Add(new SchemaIssue(path, message, at?.Line ?? 0));

        public ValidationReport Execute()
        {
            foreach (var (k, node) in doc.Entries)
                if (!TopKeys.Contains(k)) Error(k, node, k == "configuration" ? "legacy 'configuration:' key: use 'config:'" : $"unknown top-level key '{k}'");
            if (doc.Str("name") is not { Length: > 0 }) Error("name", doc, "the project needs a name");
            if (doc.Str("runtime") != "yaml" && doc.Map("runtime")?.Str("name") != "yaml") Error("runtime", doc["runtime"] ?? doc, "runtime must be yaml");

            var config = doc.Map("config") ?? new YMap();
            foreach (var (k, decl) in config.Entries) { CheckConfig(k, decl); _names.Add(k.Contains(':') ? k : k); }
            var variables = doc.Map("variables") ?? new YMap();
            foreach (var (k, node) in variables.Entries) if (!_names.Add(k)) Error($"variables.{k}", node, $"duplicate name '{k}'");
            _resources = doc.Map("resources") ?? new YMap();
            foreach (var (k, node) in _resources.Entries) if (!_names.Add(k)) Error($"resources.{k}", node, $"duplicate name '{k}' (config, variables and resources share one namespace)");

            foreach (var (name, node) in _resources.Entries) CheckResource(name, node);
            WalkExpr(variables, "variables");
            WalkExpr(doc["outputs"], "outputs");
            return new ValidationReport(_errors, _warnings, _resources.Count);
        }

        private void CheckConfig(string key, YNode decl)
        {
            var where = $"config.{key}";
            if (key.Contains(':'))
            {
                if (decl is YMap m && (m.ContainsKey("type") || m.ContainsKey("default")))
                    Error(where, decl, "config of another namespace takes a value only (no type/default)");
                return;
            }
            if (decl is not YMap d) return; // shorthand: default value, type inferred
            foreach (var k in d.Keys)
                if (k is not ("type" or "default" or "secret" or "items" or "description" or "value"))
                    Error($"{where}.{k}", d[k], $"unknown config attribute '{k}'");
            var type = d.Str("type");
            if (type is null && !d.ContainsKey("default") && !d.ContainsKey("value")) Error(where, decl, "unable to infer type: either 'default' or 'type' is required");
            if (type is not null && !ConfigTypes.Contains(type)) Error($"{where}.type", d["type"], $"unknown config type '{type}' (string, integer, boolean, array, object)");
            if (type == "array" && d.Map("items") is null) Error(where, decl, "an array config needs 'items'");
        }

        private void CheckResource(string name, YNode node)
        {
            var where = $"resources.{name}";
            if (node is not YMap r) { Error(where, node, "a resource must be a mapping"); return; }
            foreach (var k in r.Keys) if (!ResourceKeys.Contains(k)) Error($"{where}.{k}", r[k], $"unknown resource key '{k}'");
            var type = r.Str("type") ?? "";
            var token = v.ResolveToken(type);
            if (token is null) { Error($"{where}.type", r["type"] ?? r, $"unknown resource type '{type}'"); WalkExpr(r["properties"], $"{where}.properties"); return; }
            var s = v._entries[token];
            if (s.Kind == "function") { Error($"{where}.type", r["type"], $"'{type}' is a function, not a resource"); return; }
            if (r.ContainsKey("defaultProvider") && s.Kind != "provider") Error($"{where}.defaultProvider", r["defaultProvider"], "defaultProvider is only valid on pulumi:providers:<pkg> resources");
            if (r["properties"] is YMap props && !IsFn(props))
            {
                foreach (var (k, val) in props.Entries)
                    if (!s.Inputs.Contains(k)) Error($"{where}.properties.{k}", val, $"{token} has no input '{k}'{DidYouMean(k, s.Inputs)}");
                if (!r.ContainsKey("get"))
                    foreach (var q in s.Required)
                        if (!props.ContainsKey(q)) Error($"{where}.properties", props, $"{token} is missing required property '{q}'");
                foreach (var (k, val) in props.Entries)
                    if (s.InputTypes.TryGetValue(k, out var t)) CheckValue(val, t, $"{where}.properties.{k}");
            }
            else if (r["properties"] is null && !r.ContainsKey("get"))
                foreach (var q in s.Required) Error($"{where}.properties", r, $"{token} is missing required property '{q}'");
            WalkExpr(r["properties"], $"{where}.properties");
            if (r["options"] is YMap opts)
            {
                foreach (var (k, val) in opts.Entries) if (!OptionKeys.Contains(k)) Error($"{where}.options.{k}", val, $"unknown resource option '{k}'{DidYouMean(k, OptionKeys)}");
                WalkExpr(opts, $"{where}.options");
            }
        }

        private static bool IsFn(YNode? n) => n is YMap { Count: 1 } m && m.Entries[0].Key.StartsWith("fn::", StringComparison.OrdinalIgnoreCase);

        private void CheckValue(YNode val, string typeDesc, string where)
        {
            if (IsFn(val) || val is YScalar { Kind: ScalarKind.String } sv && WholeRef().IsMatch(sv.Text)) return;
            if (typeDesc.StartsWith("string | ", StringComparison.Ordinal) && typeDesc.EndsWith("PolicyDocument", StringComparison.Ordinal) && val is YMap or YSeq)
            {
                // the Node SDK overlays a document type; pulumi-yaml types the input as string and rejects objects
                Error(where, val, $"object given for a '{typeDesc}' input; in YAML the input is a string: wrap the document in fn::toJSON");
                return;
            }
            var t = typeDesc.StartsWith("string | ", StringComparison.Ordinal) ? typeDesc["string | ".Length..] : typeDesc;
            if (t.EndsWith("[]", StringComparison.Ordinal))
            {
                if (val is YSeq seq) for (var i = 0; i < seq.Items.Count; i++) CheckValue(seq.Items[i], t[..^2], $"{where}[{i}]");
                else if (val is YMap) Error(where, val, $"expected a list of {t[..^2]} but got an object");
                return;
            }
            if (t.StartsWith("map<", StringComparison.Ordinal))
            {
                if (val is YSeq) Error(where, val, $"expected a map ({t}) but got a list");
                return;
            }
            if (v._types.TryGetValue(t, out var obj))
            {
                if (val is YMap m)
                {
                    foreach (var (k, x) in m.Entries)
                        if (!obj.Properties.Contains(k)) Error($"{where}.{k}", x, $"'{k}' is not a property of {t}{DidYouMean(k, obj.Properties)}");
                    foreach (var q in obj.Required) if (!m.ContainsKey(q)) Error(where, m, $"{t} is missing required property '{q}'");
                    foreach (var (k, x) in m.Entries) if (obj.PropertyTypes.TryGetValue(k, out var pt)) CheckValue(x, pt, $"{where}.{k}");
                }
                else if (val is YSeq) Error(where, val, $"expected an object ({t}) but got a list");
                return;
            }
            if (t is "string" or "number" or "boolean" && val is YMap or YSeq)
                Error(where, val, $"expected {t} but got {(val is YSeq ? "a list" : "an object")} (use fn::toJSON for JSON documents)");
        }

        private void WalkExpr(YNode? node, string where)
        {
            switch (node)
            {
                case YScalar { Kind: ScalarKind.String } s:
                    CheckInterpolation(s, where);
                    break;
                case YSeq seq:
                    for (var i = 0; i < seq.Items.Count; i++) WalkExpr(seq.Items[i], $"{where}[{i}]");
                    break;
                case YMap m when IsFn(m):
                    var (key, arg) = m.Entries[0];
                    var lk = key.ToLowerInvariant();
                    if (lk == "fn::invoke") { CheckInvoke(arg as YMap, where, m); return; }
                    if (!Builtins.Contains(lk))
                    {
                        if (FnSugar().IsMatch(key)) { CheckInvoke(new YMap().Set("function", Y.Str(key[4..])).Set("arguments", arg), where, m); return; }
                        Error($"{where}.{key}", m, $"unknown builtin '{key}'");
                    }
                    else if (key != CanonicalBuiltin(lk)) Warn($"{where}.{key}", m, $"builtin '{key}' should be spelt '{CanonicalBuiltin(lk)}'");
                    WalkExpr(arg, $"{where}.{key}");
                    break;
                case YMap m:
                    foreach (var (k, x) in m.Entries)
                    {
                        if (k.StartsWith("fn::", StringComparison.OrdinalIgnoreCase)) Error($"{where}.{k}", x, $"'{k}' must be the only key of its object");
                        WalkExpr(x, $"{where}.{k}");
                    }
                    break;
            }
        }

        private static string CanonicalBuiltin(string lower) => lower switch
        {
            "fn::tojson" => "fn::toJSON",
            "fn::tobase64" => "fn::toBase64",
            "fn::frombase64" => "fn::fromBase64",
            "fn::stackreference" => "fn::stackReference",
            "fn::assetarchive" => "fn::assetArchive",
            "fn::readfile" => "fn::readFile",
            "fn::filebase64" => "fn::filebase64",
            "fn::filebase64sha256" => "fn::filebase64sha256",
            "fn::singleornone" => "fn::singleOrNone",
            "fn::pulumiresourcename" => "fn::pulumiResourceName",
            "fn::pulumiresourcetype" => "fn::pulumiResourceType",
            "fn::stringasset" => "fn::stringAsset",
            "fn::fileasset" => "fn::fileAsset",
            "fn::remoteasset" => "fn::remoteAsset",
            "fn::filearchive" => "fn::fileArchive",
            "fn::remotearchive" => "fn::remoteArchive",
            _ => lower,
        };

        private void CheckInterpolation(YScalar s, string where)
        {
            var text = s.Text.Replace("$$", "", StringComparison.Ordinal);
            foreach (Match m in Interpolation().Matches(text))
            {
                var expr = m.Groups[1].Value.Trim();
                var rootMatch = RootOf().Match(expr);
                if (!rootMatch.Success) { Error(where, s, $"cannot parse reference '${{{expr}}}'"); continue; }
                var root = rootMatch.Groups[1].Value.Trim('[', ']', '"');
                if (!_names.Contains(root)) { Error(where, s, $"unknown reference '${{{expr}}}'{DidYouMean(root, _names)}"); continue; }
                var rest = expr[rootMatch.Length..];
                if (_resources[root] is YMap res && res.Str("type") is { } type && v.ResolveToken(type) is { } tok && rest.Length > 0)
                {
                    var pm = FirstProperty().Match(rest);
                    if (!pm.Success) continue;
                    var prop = pm.Groups[1].Success ? pm.Groups[1].Value : pm.Groups[2].Value;
                    var e = v._entries[tok];
                    if (prop is not ("id" or "urn") && !e.Outputs.Contains(prop) && e.Kind != "provider")
                        Error(where, s, $"'{root}' ({tok}) has no output '{prop}'{DidYouMean(prop, e.Outputs)}");
                }
            }
        }

        private void CheckInvoke(YMap? inv, string where, YNode at)
        {
            if (inv is null) { Error(where, at, "fn::invoke takes a mapping with 'function' and 'arguments'"); return; }
            var fn = inv.Str("function") ?? "";
            var tok = v.ResolveToken(fn);
            if (tok is null) { Error($"{where}.fn::invoke.function", inv, $"cannot resolve function '{fn}'"); return; }
            var s = v._entries[tok];
            if (s.Kind != "function") { Error($"{where}.fn::invoke.function", inv, $"'{fn}' is not a function"); return; }
            foreach (var k in inv.Keys)
                if (k is not ("function" or "arguments" or "options" or "return")) Error($"{where}.fn::invoke.{k}", inv[k], $"unknown fn::invoke key '{k}'");
            var args = inv.Map("arguments") ?? new YMap();
            foreach (var (a, x) in args.Entries) if (!s.Inputs.Contains(a)) Error($"{where}.fn::invoke.arguments.{a}", x, $"{tok} has no argument '{a}'{DidYouMean(a, s.Inputs)}");
            foreach (var q in s.Required) if (!args.ContainsKey(q)) Error($"{where}.fn::invoke.arguments", inv, $"{tok} is missing required argument '{q}'");
            foreach (var (a, x) in args.Entries) if (s.InputTypes.TryGetValue(a, out var t)) CheckValue(x, t, $"{where}.fn::invoke.arguments.{a}");
            if (inv.Str("return") is { } ret && s.Outputs.Count > 0 && !s.Outputs.Contains(ret))
                Error($"{where}.fn::invoke.return", inv["return"], $"{tok} result has no field '{ret}'{DidYouMean(ret, s.Outputs)}");
            WalkExpr(args, $"{where}.fn::invoke.arguments");
        }
    }

    private static string DidYouMean(string word, IEnumerable<string> candidates)
    {
        var best = candidates.Select(c => (c, d: Distance(word.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(x => x.d <= Math.Max(2, word.Length / 3)).OrderBy(x => x.d).ThenBy(x => x.c, StringComparer.Ordinal).Take(3).Select(x => x.c).ToList();
        return best.Count == 0 ? "" : $" (did you mean {string.Join(" or ", best.Select(b => $"'{b}'"))}?)";
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }

    [GeneratedRegex(@"^\$\{[^}]*\}$")] private static partial Regex WholeRef();
    [GeneratedRegex(@"\$\{([^}]+)\}")] private static partial Regex Interpolation();
    [GeneratedRegex(@"^(\[""[^""]+""\]|[^.\[]+)")] private static partial Regex RootOf();
    [GeneratedRegex(@"^(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[""([^""]+)""\])")] private static partial Regex FirstProperty();
    [GeneratedRegex(@"^fn::[^:]+:")] private static partial Regex FnSugar();
}
