using System.CommandLine;
using System.CommandLine.Help;
using System.Reflection;
using PypiKit.Cli;

return await PypiKitCli.RunAsync(args);

namespace PypiKit.Cli
{
    /// <summary>Entry point of <c>pypikit</c>: builds the command tree, parses, runs, and maps failures to <see cref="ExitCodes"/>.</summary>
    public static class PypiKitCli
    {
        /// <summary>The global <c>--no-color</c> flag (NO_COLOR and redirected output do the same).</summary>
        public static readonly Option<bool> NoColor = new("--no-color")
        {
            Description = "No colours or other ANSI sequences (also when NO_COLOR is set or output is not a terminal).",
            Recursive = true,
        };

        /// <summary>The whole command tree, with the CLI's conventions for enums, numbers, paths and ports installed on every option.</summary>
        public static RootCommand BuildRoot()
        {
            var root = new RootCommand(
                "pypikit — size, deploy, burst-test, chart and diagnose a private PyPI server (pypiserver on ECS + EFS).\n" +
                "Everything runs against a local sandbox cluster by default; AWS is optional.\n" +
                "Exit codes: 0 ok, 1 the work failed, 2 bad input (nothing started), 99 a threshold breached, 130 interrupted.");
            foreach (var module in CliModules.All()) root.Subcommands.Add(module.Build());
            root.Options.Add(NoColor);
            OptionConventions.Apply(root);
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

        /// <summary>
        /// Runs <c>pypikit</c> with <paramref name="args"/>, writing to <paramref name="io"/> (default: the process's
        /// console made by <see cref="CliConsole.Create"/>). <c>pypikit</c> with no arguments prints help and exits 0.
        /// </summary>
        public static async Task<int> RunAsync(string[] args, CliIO? io = null)
        {
            var root = BuildRoot();
            var error = io?.Error ?? Console.Error;
            if (args.Length == 0) args = ["--help"];
            args = RenamedFlags.Apply(root, args, error);
            HelpLayout.Apply(root, () => CliConsole.Out.Profile.Width); // before parsing: the result keeps the help action
            var parse = root.Parse(args);
            io ??= new CliIO(CliConsole.Create(parse.GetValue(NoColor)), Console.Error);
            using var scope = CliConsole.Use(io);
            if (parse.Errors.Count > 0 && !HelpLayout.IsHelp(parse.Action))
            {
                ParseErrors.Write(parse, io.Error);
                return ExitCodes.BadInput;
            }
            try
            {
                var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = io.Text, Error = io.Error };
                if (parse.CommandResult.Command is Commands.GracefulCommand) invocation.ProcessTerminationTimeout = null; // it handles SIGINT/SIGTERM itself
                return await parse.InvokeAsync(invocation);
            }
            catch (InvalidInputException ex)
            {
                io.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.BadInput;
            }
            catch (OperationCanceledException)
            {
                io.Error.WriteLine("cancelled.");
                return ExitCodes.Cancelled;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Net.Http.HttpRequestException)
            {
                io.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.Failure;
            }
            catch (Exception ex) when (Environment.GetEnvironmentVariable("PYPIKIT_DEBUG") is not "1")
            {
                // Anything else is a failure of the work itself (a chart that did not draw, an AWS error, a bug):
                // one readable line, the stack trace only on request.
                io.Error.WriteLine($"error: {ex.GetType().Name}: {ex.Message}");
                io.Error.WriteLine("(set PYPIKIT_DEBUG=1 for the stack trace)");
                return ExitCodes.Failure;
            }
        }
    }
}
