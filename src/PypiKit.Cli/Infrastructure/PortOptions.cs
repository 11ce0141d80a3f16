using System.CommandLine;
using System.Net;
using System.Net.Sockets;

namespace PypiKit.Cli;

/// <summary>
/// Options named <c>--port</c> take a TCP port on 127.0.0.1: 0..65535, and a port other than 0 must be free when the
/// command starts (checked by binding and releasing it while parsing), so a taken port is bad input, not a failure later.
/// </summary>
public static class PortOptions
{
    /// <summary>Adds the range and the free-port check to options named <c>--port</c>; false for others.</summary>
    public static bool TryInstall(Option option)
    {
        if (option is not Option<int> port || option.Name != "--port") return false;
        port.Range(0, 65535);
        port.Validators.Add(r =>
        {
            if (r.Errors.Any() || r.Tokens.Count == 0) return;
            int value;
            try { value = r.GetValueOrDefault<int>(); }
            catch (InvalidOperationException) { return; }
            if (value != 0 && !Free(value))
                r.AddError($"{ValueChoices.FlagAsTyped(r)} {value}: 127.0.0.1:{value} is already in use; choose a free port or 0 for any free port");
        });
        return true;
    }

    /// <summary>True when 127.0.0.1:<paramref name="port"/> can be bound now.</summary>
    public static bool Free(int port)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException) { return false; }
    }
}
