using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace PypiKit.TestConventions;

/// <summary>
/// Finds the test classes that start a process, a server or a browser, by following call sites in the IL: from every
/// method of the class (its lambdas, async state machines and nested types), its base classes and its fixtures
/// (<c>IClassFixture&lt;T&gt;</c>, a collection's <c>ICollectionFixture&lt;T&gt;</c>, constructor parameters), through
/// every PypiKit assembly (the test assembly and the libraries), to a starting call of the framework: a process
/// (<see cref="System.Diagnostics.Process"/>.Start), a listening socket or host (TcpListener, HttpListener, a generic
/// host or WebApplication, which is what the sandbox and its balancer run on), or Playwright (a browser).
/// A delegate counts as called where it is created. Interface calls are not followed.
/// </summary>
internal static class SlowTestRule
{
    public const string Category = "Category";
    public const string Slow = "Slow";

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Framework calls that start something outside the test's own thread of work: (type full name, method names).</summary>
    private static readonly (string Type, string[] Methods)[] Starters =
    [
        ("System.Diagnostics.Process", ["Start"]),
        ("System.Net.Sockets.TcpListener", ["Start"]),
        ("System.Net.HttpListener", ["Start"]),
        ("Microsoft.Extensions.Hosting.IHost", ["StartAsync"]),
        ("Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions", ["Start", "StartAsync", "Run", "RunAsync"]),
        ("Microsoft.AspNetCore.Builder.WebApplication", ["Start", "StartAsync", "Run", "RunAsync"]),
        ("Microsoft.Playwright.Playwright", ["CreateAsync"]),
    ];


    /// <summary>Test classes (holding a [Fact] or [Theory]) of <paramref name="assembly"/> that start something and
    /// are not marked <c>[Trait("Category", "Slow")]</c>, each with the call chain that starts it.</summary>
    public static IReadOnlyList<string> Unmarked(Assembly assembly) =>
        TestClasses(assembly)
            .Where(t => !IsMarkedSlow(t))
            .Select(t => (t, chain: StartChain(t)))
            .Where(x => x.chain is not null)
            .Select(x => $"{x.t.FullName}: {x.chain}")
            .Order(StringComparer.Ordinal)
            .ToArray();

    public static IEnumerable<Type> TestClasses(Assembly assembly) =>
        assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && !t.Name.StartsWith('<')
            && t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Any(m => m.IsDefined(typeof(FactAttribute), inherit: true)));

    public static bool IsMarkedSlow(Type t)
    {
        for (var c = t; c is not null; c = c.BaseType)
            if (c.GetCustomAttributesData().Any(a => a.AttributeType == typeof(TraitAttribute)
                    && a.ConstructorArguments.Count == 2
                    && Equals(a.ConstructorArguments[0].Value, Category) && Equals(a.ConstructorArguments[1].Value, Slow)))
                return true;
        return false;
    }

    /// <summary>"A.M → B.N → System.Diagnostics.Process.Start" when <paramref name="testClass"/> starts something; else null.</summary>
    public static string? StartChain(Type testClass)
    {
        var roots = OwnTypes(testClass).Concat(FixtureTypes(testClass)).Distinct().SelectMany(Members).ToList();
        var cameFrom = new Dictionary<MethodBase, MethodBase?>();
        var queue = new Queue<MethodBase>();
        foreach (var r in roots)
            if (cameFrom.TryAdd(r, null)) queue.Enqueue(r);
        while (queue.Count > 0)
        {
            var m = queue.Dequeue();
            foreach (var callee in Callees(m))
            {
                if (IsStarter(callee)) return Chain(m, cameFrom) + " → " + Name(callee);
                if (!IsPypiKit(callee.Module.Assembly) || !cameFrom.TryAdd(callee, m)) continue;
                queue.Enqueue(callee);
            }
        }
        return null;
    }

    private static string Chain(MethodBase last, Dictionary<MethodBase, MethodBase?> cameFrom)
    {
        var names = new List<string>();
        for (MethodBase? m = last; m is not null; m = cameFrom[m]) names.Add(Name(m));
        names.Reverse();
        return string.Join(" → ", names);
    }

    private static string Name(MethodBase m) => $"{m.DeclaringType?.FullName}.{m.Name}";

    private static bool IsPypiKit(Assembly a) => a.GetName().Name is { } n && n.StartsWith("PypiKit", StringComparison.Ordinal);

    private static bool IsStarter(MethodBase m) =>
        m.DeclaringType is { } d && Starters.Any(s => s.Type == (d.IsGenericType ? d.GetGenericTypeDefinition() : d).FullName && s.Methods.Contains(m.Name));

    /// <summary>The class, its nested types (lambdas, state machines) and its base classes in PypiKit assemblies.</summary>
    private static IEnumerable<Type> OwnTypes(Type t)
    {
        for (var c = t; c is not null && IsPypiKit(c.Assembly); c = c.BaseType)
            foreach (var n in WithNested(c)) yield return n;
    }

    private static IEnumerable<Type> WithNested(Type t) => new[] { t }.Concat(t.GetNestedTypes(All).SelectMany(WithNested));

    /// <summary>Class fixtures, collection fixtures and constructor parameter types defined in PypiKit assemblies.</summary>
    private static IEnumerable<Type> FixtureTypes(Type t)
    {
        var fixtures = new List<Type>();
        fixtures.AddRange(FixtureArguments(t, typeof(IClassFixture<>)));
        fixtures.AddRange(t.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.ParameterType));
        var collection = t.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(CollectionAttribute));
        if (collection?.ConstructorArguments.FirstOrDefault().Value is string name)
            foreach (var d in t.Assembly.GetTypes().Where(d => d.GetCustomAttributesData().Any(a =>
                         a.AttributeType == typeof(CollectionDefinitionAttribute) && Equals(a.ConstructorArguments.FirstOrDefault().Value, name))))
                fixtures.AddRange(FixtureArguments(d, typeof(ICollectionFixture<>)));
        return fixtures.Where(f => IsPypiKit(f.Assembly)).SelectMany(OwnTypes);
    }

    private static IEnumerable<Type> FixtureArguments(Type t, Type fixtureInterface) =>
        t.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == fixtureInterface).Select(i => i.GetGenericArguments()[0]);

    private static IEnumerable<MethodBase> Members(Type t) =>
        t.GetMethods(All).Cast<MethodBase>().Concat(t.GetConstructors(All)).Concat(t.TypeInitializer is { } ti ? [ti] : []);

    /// <summary>Methods <paramref name="method"/> calls, creates a delegate to, or runs as its async/iterator state machine.</summary>
    private static IEnumerable<MethodBase> Callees(MethodBase method)
    {
        if (method.GetCustomAttribute<StateMachineAttribute>() is { StateMachineType: { } sm })
            foreach (var m in Members(sm)) yield return m;
        byte[]? il;
        try { il = method.GetMethodBody()?.GetILAsByteArray(); }
        catch (Exception e) when (e is InvalidOperationException or BadImageFormatException or NotSupportedException) { il = null; }
        if (il is null) yield break;
        var module = method.Module;
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        foreach (var (kind, token) in IlTokens.Of(il))
        {
            if (kind != OperandType.InlineMethod) continue;
            MethodBase? callee;
            try { callee = module.ResolveMethod(token, typeArgs, methodArgs); }
            catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or FileNotFoundException) { callee = null; }
            if (callee is not null) yield return callee is MethodInfo { IsGenericMethod: true } g ? g.GetGenericMethodDefinition() : callee;
        }
    }
}
