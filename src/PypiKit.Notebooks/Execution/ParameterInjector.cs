using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.DotNet.Interactive.Documents;
using PypiKit.Notebooks.Format;
using PypiKit.Notebooks.Kernels;

namespace PypiKit.Notebooks.Execution;

/// <summary>A variable declared in a notebook's <c>parameters</c> cell: its name and C# type (null when <c>var</c> of a non-literal).</summary>
public sealed record NotebookParameter(string Name, string? Type, string DefaultExpression);

/// <summary>
/// papermill's parameter injection for C#: the cell tagged <c>parameters</c> keeps its defaults, and a cell tagged
/// <c>injected-parameters</c> inserted after it re-declares each overridden variable with the type the parameters
/// cell gave it (<c>-p instances=4</c> → <c>int instances = 4;</c>). Strings need no quotes; values of other types
/// (enums, <c>TimeSpan</c>) are written as C# expressions.
/// </summary>
public static class ParameterInjector
{
    public const string ParametersTag = "parameters";
    public const string InjectedTag = "injected-parameters";

    /// <summary>The variables the <c>parameters</c> cell declares (empty when there is none).</summary>
    public static IReadOnlyList<NotebookParameter> Declared(InteractiveDocument notebook)
    {
        var cell = notebook.Elements.FirstOrDefault(c => NotebookFile.IsCode(c) && NotebookFile.Tags(c).Contains(ParametersTag));
        return cell is null ? [] : Declared(cell.Contents);
    }

    /// <summary>The variables declared at the top level of a cell's code.</summary>
    public static IReadOnlyList<NotebookParameter> Declared(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script));
        var result = new List<NotebookParameter>();
        foreach (var member in tree.GetCompilationUnitRoot().Members)
        {
            var declaration = member switch
            {
                FieldDeclarationSyntax f => f.Declaration,
                GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax l } => l.Declaration,
                _ => null,
            };
            if (declaration is null) continue;
            foreach (var v in declaration.Variables)
            {
                var init = v.Initializer?.Value;
                var type = declaration.Type.IsVar ? LiteralType(init) : declaration.Type.ToString();
                result.Add(new NotebookParameter(v.Identifier.Text, type, init?.ToString() ?? ""));
            }
        }
        return result;
    }

    /// <summary>
    /// Inserts the injected-parameters cell (after the parameters cell, or first when there is none); returns warnings
    /// (a parameter the notebook does not declare, no parameters cell). Throws <see cref="InvalidInputException"/>
    /// when a value does not fit the declared type.
    /// </summary>
    public static IReadOnlyList<string> Inject(InteractiveDocument notebook, IReadOnlyDictionary<string, string> values)
    {
        var warnings = new List<string>();
        if (values.Count == 0) return warnings;
        var cells = notebook.Elements;
        var index = cells.ToList().FindIndex(c => NotebookFile.IsCode(c) && NotebookFile.Tags(c).Contains(ParametersTag));
        if (index < 0) warnings.Add("the notebook has no cell tagged 'parameters'; parameters were injected at the top.");
        var declared = index < 0 ? [] : Declared(cells[index].Contents).ToDictionary(p => p.Name, StringComparer.Ordinal);

        var code = new StringBuilder("// Parameters injected by pypikit notebook run\n");
        foreach (var (name, value) in values)
        {
            if (!SyntaxFacts.IsValidIdentifier(name))
                throw new InvalidInputException(name, $"parameter name '{name}' is not a C# identifier.");
            string? type;
            if (declared.TryGetValue(name, out var p)) type = p.Type;
            else
            {
                type = InferType(value);
                warnings.Add($"parameter '{name}' is not declared in the parameters cell; injected as {type}.");
            }
            code.Append(type ?? "var").Append(' ').Append(name).Append(" = ").Append(Literal(name, type, value)).Append(";\n");
        }
        // Drop an injected cell of an earlier run, as papermill does.
        var previous = cells.ToList().FindIndex(c => NotebookFile.Tags(c).Contains(InjectedTag));
        if (previous >= 0)
        {
            cells.RemoveAt(previous);
            if (previous < index) index--;
        }
        cells.Insert(index + 1, new InteractiveDocumentElement(code.ToString().TrimEnd('\n'), NotebookKernel.CSharp)
        {
            Id = Guid.NewGuid().ToString("N")[..8],
            Metadata = new Dictionary<string, object> { ["tags"] = new List<object> { InjectedTag } },
        });
        return warnings;
    }

    /// <summary>The C# literal for <paramref name="value"/> given the declared <paramref name="type"/>.</summary>
    public static string Literal(string name, string? type, string value)
    {
        var t = type?.TrimEnd('?');
        var inv = CultureInfo.InvariantCulture;
        string Bad() => throw new InvalidInputException(name, $"parameter '{name}' expects {type}; '{value}' is not one.");
        switch (t)
        {
            case "string" or "String":
                return SymbolDisplay.FormatLiteral(value, quote: true);
            case "char":
                return value.Length == 1 ? SymbolDisplay.FormatLiteral(value[0], quote: true) : Bad();
            case "bool" or "Boolean":
                return bool.TryParse(value, out var b) ? (b ? "true" : "false") : Bad();
            case "int" or "short" or "byte" or "sbyte":
                return long.TryParse(value, NumberStyles.Integer, inv, out var i) ? i.ToString(inv) : Bad();
            case "long":
                return long.TryParse(value, NumberStyles.Integer, inv, out var l) ? l.ToString(inv) + "L" : Bad();
            case "uint" or "ushort":
                return ulong.TryParse(value, NumberStyles.Integer, inv, out var u) ? u.ToString(inv) + "u" : Bad();
            case "ulong":
                return ulong.TryParse(value, NumberStyles.Integer, inv, out var ul) ? ul.ToString(inv) + "UL" : Bad();
            case "double" or "Double":
                return double.TryParse(value, NumberStyles.Float, inv, out var d) ? DoubleLiteral(d) : Bad();
            case "float" or "Single":
                return float.TryParse(value, NumberStyles.Float, inv, out var f) ? f.ToString("R", inv) + "f" : Bad();
            case "decimal":
                return decimal.TryParse(value, NumberStyles.Float, inv, out var m) ? m.ToString(inv) + "m" : Bad();
            default:
                // Any other type (enums, TimeSpan, arrays): the value is C# code.
                return value;
        }
    }

    private static string DoubleLiteral(double d)
    {
        var s = d.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.') || s.Contains('E') || s.Contains("Infinity") || s.Contains("NaN") ? s : s + ".0";
    }

    private static string InferType(string value) =>
        bool.TryParse(value, out _) ? "bool"
        : int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? "int"
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "double"
        : "string";

    private static string? LiteralType(ExpressionSyntax? init) => init switch
    {
        LiteralExpressionSyntax lit when lit.IsKind(SyntaxKind.StringLiteralExpression) => "string",
        LiteralExpressionSyntax lit when lit.IsKind(SyntaxKind.TrueLiteralExpression) || lit.IsKind(SyntaxKind.FalseLiteralExpression) => "bool",
        LiteralExpressionSyntax lit when lit.IsKind(SyntaxKind.CharacterLiteralExpression) => "char",
        LiteralExpressionSyntax lit when lit.IsKind(SyntaxKind.NumericLiteralExpression) => lit.Token.Value switch
        {
            int => "int",
            long => "long",
            uint => "uint",
            ulong => "ulong",
            float => "float",
            decimal => "decimal",
            _ => "double",
        },
        PrefixUnaryExpressionSyntax { OperatorToken.RawKind: (int)SyntaxKind.MinusToken, Operand: var o } => LiteralType(o),
        InterpolatedStringExpressionSyntax => "string",
        _ => null,
    };
}
