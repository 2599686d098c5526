using System;
using System.Collections.Generic;
using System.Reflection;

namespace AmiCmdlets.Infrastructure.Loading;

/// <summary>
/// Windows PowerShell 5.1 only. Every AWSSDK v4 assembly is version 4.0.0.0 whatever its release, so an AWSSDK.Core
/// another module (AWS.Tools 5) loaded first has the identity ours has, .NET Framework binds our engine to it,
/// and the first call fails with MissingMethodException or runs on other code. Older lines (v3.7 is 3.3.0.0) have
/// another identity and load side by side: no conflict. Decided here without side effects, so it is testable.
/// </summary>
internal static class ForeignAwsSdkCheck
{
    public const string ErrorId = "AwsSdkAlreadyLoaded";

    /// <returns>Why the module cannot load, naming the foreign assembly; null when nothing conflicts.</returns>
    public static string? Conflict(IEnumerable<KeyValuePair<AssemblyName, string?>> loaded, ShippedAssemblyCatalogue catalogue)
    {
        foreach (var pair in loaded)
        {
            var name = pair.Key;
            if (name.Name == null || !name.Name.StartsWith("AWSSDK.", StringComparison.OrdinalIgnoreCase)) continue;
            var ours = catalogue.FindServed(name.Name);
            if (ours == null || name.Version != ours.Version) continue;
            if (!string.Equals(ShippedAssembly.TokenOf(name), ours.PublicKeyToken, StringComparison.Ordinal)) continue;
            if (!string.IsNullOrEmpty(pair.Value) && ShippedAssemblyCatalogue.SamePath(pair.Value!, ours.Path)) continue;
            var where = string.IsNullOrEmpty(pair.Value) ? "memory (no file)" : pair.Value;
            return name.Name + " " + name.Version + " is already loaded in this Windows PowerShell session from " + where
                + ", probably by another AWS module such as AWS.Tools. Windows PowerShell 5.1 can hold only one assembly of that"
                + " identity, and AmiCmdlets needs its own (" + ours.Path + "). Import AmiCmdlets in a new session before any other"
                + " AWS module, or use PowerShell 7, where AmiCmdlets loads its AWS SDK apart from other modules.";
        }
        return null;
    }
}
