using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace AmiCmdlets.Infrastructure
{
    /// <summary>
    /// Runs at Import-Module. Only installs how the engine and the AWSSDK will be found; nothing is loaded
    /// until the first cmdlet needs it.
    /// PowerShell 7: AmiCmdlets.Isolation gives them an AssemblyLoadContext of their own.
    /// Windows PowerShell 5.1: one AppDomain, so an AssemblyResolve handler serves Dependencies/.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        internal const string EngineAssemblyName = "AmiCmdlets.Engine";
        private const string ContractsAssemblyName = "AmiCmdlets.Contracts";
        private static readonly object Gate = new object();
        private static bool _installed;

        public void OnImport()
        {
            lock (Gate)
            {
                if (_installed) return;
                _installed = true;
                var moduleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
                var dependencies = Path.Combine(moduleDirectory, "Dependencies");
                if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
                {
                    AppDomain.CurrentDomain.AssemblyResolve += (sender, args) => ResolveFromDependencies(dependencies, args.Name);
                }
                else
                {
                    InstallIsolation(moduleDirectory, dependencies);
                }
            }
        }

        private static void InstallIsolation(string moduleDirectory, string dependencies)
        {
            var bridge = Assembly.LoadFrom(Path.Combine(moduleDirectory, "AmiCmdlets.Isolation.dll"))
                .GetType("AmiCmdlets.Isolation.IsolationBridge", throwOnError: true)!;
            var powerShellDirectory = Path.GetDirectoryName(typeof(PSObject).Assembly.Location)!;
            bridge.GetMethod("Install")!.Invoke(null, new object[] { dependencies, EngineAssemblyName, powerShellDirectory, new[] { ContractsAssemblyName } });
        }

        // Windows PowerShell 5.1 only. Answers for files we ship and nothing else; a same-named assembly
        // already loaded by another module wins there, which 5.1 offers no way around.
        private static Assembly? ResolveFromDependencies(string dependencies, string requestedName)
        {
            var name = new AssemblyName(requestedName).Name;
            var path = Path.Combine(dependencies, name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
