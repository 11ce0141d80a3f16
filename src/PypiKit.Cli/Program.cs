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
            NameRoot(root, "pypikit");
            return root;
        }

        /// <summary>
        /// Usage lines should read <c>pypikit …</c> however the tool was started (tool shim, apphost, <c>dotnet run</c>);
        /// System.CommandLine names the root after the executable file and offers no setter, so the name is set on its
        /// backing field. If a later System.CommandLine renames that field, help simply shows the file name again.
        /// </summary>
        private static void NameRoot(RootCommand root, string name) =>
            typeof(Symbol).GetField("<Name>k__BackingField", BindingFlags.NonPublic | BindingFlags.Instance)?.SetValue(root, name);

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
                var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
                if (parse.CommandResult.Command is Commands.GracefulCommand) invocation.ProcessTerminationTimeout = null; // it handles SIGINT/SIGTERM itself
                return await parse.InvokeAsync(invocation);
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
            catch (Exception ex) when (Environment.GetEnvironmentVariable("PYPIKIT_DEBUG") is not "1")
            {
                // Anything else is a failure of the work itself (a chart that did not draw, an AWS error, a bug):
                // one readable line, the stack trace only on request.
                Console.Error.WriteLine($"error: {ex.GetType().Name}: {ex.Message}");
                Console.Error.WriteLine("(set PYPIKIT_DEBUG=1 for the stack trace)");
                return 1;
            }
        }
    }
}
