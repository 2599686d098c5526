using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace AmiCmdlets.Tests;

/// <summary>An in-process PowerShell with our cmdlets registered (no module import, no isolation).</summary>
public static class PowerShellHost
{
    public static PowerShell Create()
    {
        var state = InitialSessionState.CreateDefault2();
        foreach (var type in typeof(GetAmiCommand).Assembly.GetTypes())
        {
            var attribute = type.GetCustomAttributes(typeof(CmdletAttribute), false).OfType<CmdletAttribute>().FirstOrDefault();
            if (attribute != null) state.Commands.Add(new SessionStateCmdletEntry(attribute.VerbName + "-" + attribute.NounName, type, null));
        }
        var shell = PowerShell.Create(state);
        return shell;
    }
}
