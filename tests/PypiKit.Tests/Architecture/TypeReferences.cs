using System.Reflection;
using System.Reflection.Emit;

namespace PypiKit.Tests.Architecture;

/// <summary>
/// The types a type uses: its base and interfaces, field, property, method and constructor signatures, and every type,
/// method or field its method bodies name (read from the IL). Compiler-generated nested types (lambdas, async state
/// machines) count for the type they sit in.
/// </summary>
internal static class TypeReferences
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The outermost declaring type (what a nested type belongs to).</summary>
    public static Type Owner(Type t)
    {
        while (t.DeclaringType is not null) t = t.DeclaringType;
        return t;
    }

    /// <summary>Every type <paramref name="type"/> and its nested types use, generic arguments and element types unwrapped.</summary>
    public static IReadOnlySet<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter) return;
            if (t.HasElementType) { Add(t.GetElementType()); return; }
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (var a in t.GetGenericArguments()) Add(a);
                t = t.GetGenericTypeDefinition();
            }
            found.Add(t);
        }
        foreach (var t in WithNested(type))
        {
            Add(t.BaseType);
            foreach (var i in t.GetInterfaces()) Add(i);
            foreach (var f in t.GetFields(All)) Add(f.FieldType);
            foreach (var p in t.GetProperties(All)) Add(p.PropertyType);
            foreach (var m in t.GetMethods(All).Cast<MethodBase>().Concat(t.GetConstructors(All)))
            {
                if (m is MethodInfo mi) Add(mi.ReturnType);
                foreach (var p in m.GetParameters()) Add(p.ParameterType);
                foreach (var used in BodyReferences(m)) Add(used);
            }
        }
        found.Remove(type);
        return found;
    }

    private static IEnumerable<Type> WithNested(Type t) =>
        new[] { t }.Concat(t.GetNestedTypes(All).SelectMany(WithNested));

    /// <summary>The types named by the operands of <paramref name="method"/>'s IL (calls, field accesses, newobj, casts, typeof…).</summary>
    private static IEnumerable<Type?> BodyReferences(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var module = method.Module;
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            OpCode op;
            if (il[i] == 0xFE) { op = OpCodesByValue[(short)(0xFE00 | il[i + 1])]; i += 2; }
            else { op = OpCodesByValue[il[i]]; i += 1; }
            switch (op.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, i);
                    i += 4;
                    MemberInfo? member;
                    try { member = module.ResolveMember(token, typeArgs, methodArgs); }
                    catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException) { member = null; }
                    switch (member)
                    {
                        case Type t: yield return t; break;
                        case FieldInfo f: yield return f.DeclaringType; yield return f.FieldType; break;
                        case MethodBase m:
                            yield return m.DeclaringType;
                            if (m is MethodInfo mi) yield return mi.ReturnType;
                            foreach (var p in m.GetParameters()) yield return p.ParameterType;
                            break;
                    }
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
