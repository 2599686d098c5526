using System;
using System.Reflection;

namespace AmiCmdlets.Infrastructure.Loading;

/// <summary>
/// Windows PowerShell 5.1 has one AppDomain for every module, and AssemblyResolve handlers answer in turn for
/// any assembly anyone fails to find. This decides, without side effects, whether ours answers: only for a file
/// we ship, only up to the version we ship and with its public key token, and only when one of our own
/// assemblies asks, except for the engine and Contracts, which are ours whoever asks (PowerShell itself reaches
/// them through our completers and output types). Anything else is left to other handlers.
/// </summary>
internal static class DependencyResolvePolicy
{
    /// <param name="requested">The name the runtime could not bind.</param>
    /// <param name="requesterName">The assembly whose reference failed; null when the runtime does not say (Assembly.Load by name, Type.GetType).</param>
    /// <param name="requesterLocation">Where the requesting assembly was loaded from; null or empty for none.</param>
    /// <param name="catalogue">What the module ships.</param>
    /// <returns>The file to load, or null to decline.</returns>
    public static ShippedAssembly? Decide(AssemblyName requested, AssemblyName? requesterName, string? requesterLocation, ShippedAssemblyCatalogue catalogue)
    {
        var shipped = catalogue.FindServed(requested.Name);
        if (shipped == null) return null;
        // A request for a newer version than ours must fail as it would without us, not bind to older code.
        if (requested.Version != null && requested.Version > shipped.Version) return null;
        if (!string.Equals(ShippedAssembly.TokenOf(requested), shipped.PublicKeyToken, StringComparison.Ordinal)) return null;
        if (IsModuleEntryPoint(shipped.Name)) return shipped;
        return catalogue.IsOwn(requesterName?.Name, requesterLocation) ? shipped : null;
    }

    private static bool IsModuleEntryPoint(string name) =>
        string.Equals(name, ShippedAssemblyCatalogue.EngineName, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, ShippedAssemblyCatalogue.ContractsName, StringComparison.OrdinalIgnoreCase);
}
