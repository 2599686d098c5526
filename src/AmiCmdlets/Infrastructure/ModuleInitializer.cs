using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;
using AmiCmdlets.Infrastructure.Loading;

namespace AmiCmdlets.Infrastructure;

/// <summary>
/// Runs at Import-Module. Only installs how the engine and the AWSSDK will be found; nothing is loaded
/// until the first cmdlet needs it.
/// PowerShell 7: AmiCmdlets.Isolation gives them an AssemblyLoadContext of their own.
/// Windows PowerShell 5.1: one AppDomain, so an AssemblyResolve handler serves Dependencies/ and Contracts, after
/// checking that no other module already loaded an AWSSDK with our identity. (.NET Framework older than 4.7.2 is
/// refused before this assembly loads, by AmiCmdlets.Requirements.ps1, the manifest's nested module.)
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    internal const string EngineAssemblyName = ShippedAssemblyCatalogue.EngineName;
    private const string ContractsAssemblyName = ShippedAssemblyCatalogue.ContractsName;
    private static readonly object Gate = new object();
    private static bool _installed;
    private static ResolveEventHandler? _desktopHandler;

    public void OnImport()
    {
        lock (Gate)
        {
            if (_installed) return;
            var rootModulePath = typeof(ModuleInitializer).Assembly.Location;
            var moduleDirectory = Path.GetDirectoryName(rootModulePath)!;
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
            {
                InstallDesktopResolver(moduleDirectory, rootModulePath);
            }
            else
            {
                InstallIsolation(moduleDirectory, Path.Combine(moduleDirectory, "Dependencies"));
            }
            _installed = true;
        }
    }

    /// <summary>
    /// Remove-Module: on 5.1 our handler must stop answering for the session. (On PowerShell 7 the bridge answers
    /// only for the engine's name from our own context, and the loaded engine stays bound; nothing to undo.)
    /// </summary>
    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        lock (Gate)
        {
            if (_desktopHandler == null) return;
            AppDomain.CurrentDomain.AssemblyResolve -= _desktopHandler;
            _desktopHandler = null;
            _installed = false;
        }
    }

    private static void InstallIsolation(string moduleDirectory, string dependencies)
    {
        var bridge = Assembly.LoadFrom(Path.Combine(moduleDirectory, "AmiCmdlets.Isolation.dll"))
            .GetType("AmiCmdlets.Isolation.IsolationBridge", throwOnError: true)!;
        var powerShellDirectory = Path.GetDirectoryName(typeof(PSObject).Assembly.Location)!;
        bridge.GetMethod("Install")!.Invoke(null, new object[] { dependencies, EngineAssemblyName, powerShellDirectory, new[] { ContractsAssemblyName } });
    }

    // Windows PowerShell 5.1 only.
    private static void InstallDesktopResolver(string moduleDirectory, string rootModulePath)
    {
        var catalogue = ShippedAssemblyCatalogue.Read(moduleDirectory, rootModulePath);
        var conflict = ForeignAwsSdkCheck.Conflict(DesktopDependencyResolver.LoadedAssemblies(), catalogue);
        if (conflict != null) throw new ModuleLoadException(ForeignAwsSdkCheck.ErrorId, conflict);
        _desktopHandler = new DesktopDependencyResolver(catalogue).Resolve;
        AppDomain.CurrentDomain.AssemblyResolve += _desktopHandler;
    }
}
