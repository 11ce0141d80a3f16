namespace PypiKit;

/// <summary>
/// Bad input from a user: an out-of-range option, an unknown instance type, a malformed file. The message is one
/// line that names the offending input; <see cref="Input"/> names it for code. The CLI prints the message and exits 2.
/// </summary>
public class InvalidInputException : Exception
{
    public InvalidInputException(string input, string message, Exception? inner = null)
        : base(message, inner) => Input = input;

    /// <summary>The input at fault, as the user wrote it (an option name such as <c>container_memory</c>, a path).</summary>
    public string Input { get; }
}
