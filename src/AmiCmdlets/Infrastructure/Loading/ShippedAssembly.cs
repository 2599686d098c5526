using System;
using System.Reflection;

namespace AmiCmdlets.Infrastructure.Loading;

/// <summary>One assembly file the module ships, as its metadata names it (read without loading it).</summary>
internal sealed class ShippedAssembly
{
    public ShippedAssembly(string name, Version version, string publicKeyToken, string path)
    {
        Name = name;
        Version = version;
        PublicKeyToken = publicKeyToken;
        Path = path;
    }

    public string Name { get; }
    public Version Version { get; }

    /// <summary>Lower-case hex, empty for an assembly without a strong name.</summary>
    public string PublicKeyToken { get; }

    public string Path { get; }

    public static ShippedAssembly FromFile(string path)
    {
        var name = AssemblyName.GetAssemblyName(path);
        return new ShippedAssembly(name.Name!, name.Version ?? new Version(0, 0, 0, 0), TokenOf(name), path);
    }

    /// <summary>Null (not given) and empty (given as null) both mean "no token".</summary>
    public static string TokenOf(AssemblyName name)
    {
        var token = name.GetPublicKeyToken();
        return token == null ? "" : BitConverter.ToString(token).Replace("-", "").ToLowerInvariant();
    }

    public override string ToString() => Name + " " + Version + " (" + Path + ")";
}
