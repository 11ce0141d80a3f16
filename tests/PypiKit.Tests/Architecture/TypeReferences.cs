using System.Reflection;
using PypiKit.TestConventions;

namespace PypiKit.Tests.Architecture;

/// <summary>
/// The types a type uses: its base and interfaces, field, property, method and constructor signatures, and every type,
/// method or field its method bodies name (read from the IL). Compiler-generated nested types (lambdas, async state
/// machines) count for the type they sit in.
/// </summary>
internal static class TypeReferences
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

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
        foreach (var (_, token) in IlTokens.Of(il))
        {
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
        }
    }
}
