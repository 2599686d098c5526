using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace AmiCmdlets.Tests;

/// <summary>An in-process PowerShell with our cmdlets registered (no module import, no isolation).</summary>
public static class PowerShellHost
{
    public static PowerShell Create() => Create(null);

    /// <summary>With <paramref name="host"/>, what cmdlets write to the host UI reaches it (see <see cref="RecordingHost"/>).</summary>
    public static PowerShell Create(System.Management.Automation.Host.PSHost? host)
    {
        var state = InitialSessionState.CreateDefault2();
        foreach (var type in typeof(GetAmiCommand).Assembly.GetTypes())
        {
            var attribute = type.GetCustomAttributes(typeof(CmdletAttribute), false).OfType<CmdletAttribute>().FirstOrDefault();
            if (attribute != null) state.Commands.Add(new SessionStateCmdletEntry(attribute.VerbName + "-" + attribute.NounName, type, null));
        }
        if (host == null) return PowerShell.Create(state);
        var runspace = RunspaceFactory.CreateRunspace(host, state);
        runspace.Open();
        var shell = PowerShell.Create();
        shell.Runspace = runspace;
        return shell;
    }
}
