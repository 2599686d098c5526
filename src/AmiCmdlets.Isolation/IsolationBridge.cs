using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;

namespace AmiCmdlets.Isolation;

/// <summary>
/// The bridge between the default context and ours: when the cmdlet assembly first needs the engine,
/// the default context cannot find it and asks us; we answer only for the engine's name, from our context.
/// </summary>
public static class IsolationBridge
{
    private static int _installed;
    private static DependencyLoadContext? _context;
    private static string _engineName = "";
    private static string _dependencyDirectory = "";

    /// <param name="dependencyDirectory">The module's Dependencies/ folder.</param>
    /// <param name="engineAssemblyName">The one assembly the default context may ask us for.</param>
    /// <param name="powerShellDirectory">The folder of System.Management.Automation.dll.</param>
    /// <param name="sharedWithDefault">Assembly names always taken from the default context.</param>
    public static void Install(string dependencyDirectory, string engineAssemblyName, string powerShellDirectory, string[] sharedWithDefault)
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1) return;
        _engineName = engineAssemblyName;
        _dependencyDirectory = dependencyDirectory;
        _context = new DependencyLoadContext(dependencyDirectory, powerShellDirectory, sharedWithDefault);
        AssemblyLoadContext.Default.Resolving += ResolveEngine;
    }

    // By path, not LoadFromAssemblyName: if the engine file were missing, our context would defer to the
    // default context, which would ask this handler again, forever.
    private static Assembly? ResolveEngine(AssemblyLoadContext defaultContext, AssemblyName name)
    {
        if (_context == null || !string.Equals(name.Name, _engineName, StringComparison.Ordinal)) return null;
        var path = Path.Combine(_dependencyDirectory, _engineName + ".dll");
        return File.Exists(path) ? _context.LoadFromAssemblyPath(path) : null;
    }
}
