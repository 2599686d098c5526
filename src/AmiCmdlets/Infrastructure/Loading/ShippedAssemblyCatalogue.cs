using System;
using System.Collections.Generic;
using System.IO;

namespace AmiCmdlets.Infrastructure.Loading;

/// <summary>
/// What the module ships: the assemblies it may hand out on Windows PowerShell 5.1 (everything in Dependencies/
/// and the Contracts assembly at the root) and the root module itself, which asks for them.
/// </summary>
internal sealed class ShippedAssemblyCatalogue
{
    public const string EngineName = "AmiCmdlets.Engine";
    public const string ContractsName = "AmiCmdlets.Contracts";

    private readonly Dictionary<string, ShippedAssembly> _served;
    private readonly Dictionary<string, ShippedAssembly> _own;

    public ShippedAssemblyCatalogue(IEnumerable<ShippedAssembly> served, ShippedAssembly rootModule)
    {
        // Windows file names and assembly names compare case-insensitively, as .NET Framework's binder does.
        _served = new Dictionary<string, ShippedAssembly>(StringComparer.OrdinalIgnoreCase);
        foreach (var assembly in served) _served[assembly.Name] = assembly;
        _own = new Dictionary<string, ShippedAssembly>(_served, StringComparer.OrdinalIgnoreCase) { [rootModule.Name] = rootModule };
    }

    public IEnumerable<ShippedAssembly> Served => _served.Values;

    public ShippedAssembly? FindServed(string? name) =>
        name != null && _served.TryGetValue(name, out var found) ? found : null;

    /// <summary>An assembly of this module: its name is one we ship and it was loaded from our file of that name.</summary>
    public bool IsOwn(string? name, string? location) =>
        name != null && !string.IsNullOrEmpty(location) && _own.TryGetValue(name, out var own) && SamePath(own.Path, location!);

    public static bool SamePath(string a, string b) =>
        string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the names of the shipped files (metadata only, nothing is loaded).</summary>
    public static ShippedAssemblyCatalogue Read(string moduleDirectory, string rootModulePath)
    {
        var served = new List<ShippedAssembly>();
        var dependencies = Path.Combine(moduleDirectory, "Dependencies");
        if (Directory.Exists(dependencies))
        {
            foreach (var file in Directory.GetFiles(dependencies, "*.dll")) served.Add(ShippedAssembly.FromFile(file));
        }
        var contracts = Path.Combine(moduleDirectory, ContractsName + ".dll");
        if (File.Exists(contracts)) served.Add(ShippedAssembly.FromFile(contracts));
        return new ShippedAssemblyCatalogue(served, ShippedAssembly.FromFile(rootModulePath));
    }

    private static string Normalize(string path)
    {
        try
        {
            return Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        }
        catch (Exception)
        {
            return path;
        }
    }
}
