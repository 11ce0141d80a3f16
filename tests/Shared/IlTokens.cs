using System.Reflection;
using System.Reflection.Emit;

namespace PypiKit.TestConventions;

/// <summary>
/// Walks a method body's IL and yields the metadata tokens of its member operands (calls, field accesses, newobj,
/// casts, <c>typeof</c>), each with its operand type; every other operand is stepped over by its size. The one IL
/// reader of the architecture and test-convention checks.
/// </summary>
internal static class IlTokens
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public static IEnumerable<(OperandType Kind, int Token)> Of(byte[] il)
    {
        var i = 0;
        while (i < il.Length)
        {
            OpCode op;
            if (il[i] == 0xFE) { op = OpCodesByValue[(short)(0xFE00 | il[i + 1])]; i += 2; }
            else { op = OpCodesByValue[il[i]]; i += 1; }
            switch (op.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    yield return (op.OperandType, BitConverter.ToInt32(il, i));
                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + 4 * BitConverter.ToInt32(il, i);
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                default: // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
                    i += 4;
                    break;
            }
        }
    }
}
