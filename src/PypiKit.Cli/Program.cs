using System.CommandLine;
using System.Reflection;
using PypiKit.Cli;

return await PypiKitCli.RunAsync(args);

namespace PypiKit.Cli
{
    /// <summary>Entry point of <c>pypikit</c>: builds the command tree and maps failures to exit codes.</summary>
    public static class PypiKitCli
    {
        /// <summary>Exit code for bad input (unknown option values, out-of-range numbers, unreadable files).</summary>
        public const int BadInput = 2;

        public static RootCommand BuildRoot()
        {
            var root = new RootCommand(
                "pypikit — size, deploy, burst-test, chart and diagnose a private PyPI server (pypiserver on ECS + EFS).\n" +
                "Everything runs against a local sandbox cluster by default; AWS is optional.");
            var modules = typeof(PypiKitCli).Assembly.GetTypes()
                .Where(t => typeof(ICliModule).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
                .Select(t => (ICliModule)Activator.CreateInstance(t)!)
                .OrderBy(m => m.Order).ThenBy(m => m.GetType().Name);
            foreach (var module in modules) root.Subcommands.Add(module.Build());
            return root;
        }

        public static async Task<int> RunAsync(string[] args)
        {
            var root = BuildRoot();
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
            {
                foreach (var e in parse.Errors) Console.Error.WriteLine($"error: {e.Message}");
                Console.Error.WriteLine("Try 'pypikit --help' (or '<command> --help').");
                return BadInput;
            }
            try
            {
                return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
            }
            catch (InvalidInputException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return BadInput;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("cancelled.");
                return 130;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Net.Http.HttpRequestException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 1;
            }
        }
    }
}
