using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace AmiCmdlets.Isolation;

/// <summary>
/// Loads the engine and its AWSSDK assemblies from Dependencies/, apart from whatever AWSSDK another
/// module loaded into the default context. All AWSSDK v4 assemblies are version 4.0.0.0, so a resolving
/// handler alone would silently bind to someone else's AWSSDK.Core; a context of our own cannot.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private readonly string _dependencyDirectory;
    private readonly string _runtimeDirectory;
    private readonly string _powerShellDirectory;
    private readonly string[] _sharedWithDefault;

    public DependencyLoadContext(string dependencyDirectory, string powerShellDirectory, string[] sharedWithDefault)
        : base("AmiCmdlets", isCollectible: false)
    {
        _dependencyDirectory = dependencyDirectory;
        _runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        _powerShellDirectory = powerShellDirectory;
        _sharedWithDefault = sharedWithDefault;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var fileName = assemblyName.Name + ".dll";
        // Types both sides must agree on (the public output types) and the framework come from the default
        // context; loading them twice makes "the same" type two types.
        if (Array.IndexOf(_sharedWithDefault, assemblyName.Name) >= 0) return null;
        if (File.Exists(Path.Combine(_runtimeDirectory, fileName))) return null;
        if (File.Exists(Path.Combine(_powerShellDirectory, fileName))) return null;

        var path = Path.Combine(_dependencyDirectory, fileName);
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
