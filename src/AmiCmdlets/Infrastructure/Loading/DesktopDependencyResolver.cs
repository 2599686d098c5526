using System;
using System.Collections.Generic;
using System.Reflection;

namespace AmiCmdlets.Infrastructure.Loading;

/// <summary>
/// Windows PowerShell 5.1's AssemblyResolve handler: serves Dependencies/ and Contracts as
/// DependencyResolvePolicy decides. A resolve handler that throws breaks every other module's loading in the
/// session, so it never does: anything unexpected declines.
/// </summary>
internal sealed class DesktopDependencyResolver
{
    private readonly ShippedAssemblyCatalogue _catalogue;

    public DesktopDependencyResolver(ShippedAssemblyCatalogue catalogue) => _catalogue = catalogue;

    public Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        try
        {
            var requester = args.RequestingAssembly;
            var shipped = DependencyResolvePolicy.Decide(new AssemblyName(args.Name), requester?.GetName(), LocationOf(requester), _catalogue);
            return shipped == null ? null : Assembly.LoadFrom(shipped.Path);
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>Every assembly loaded in the AppDomain with where it came from (for ForeignAwsSdkCheck).</summary>
    public static List<KeyValuePair<AssemblyName, string?>> LoadedAssemblies()
    {
        var loaded = new List<KeyValuePair<AssemblyName, string?>>();
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            try
            {
                loaded.Add(new KeyValuePair<AssemblyName, string?>(assembly.GetName(), LocationOf(assembly)));
            }
            catch (Exception)
            {
                // An assembly that cannot even name itself is no AWSSDK we could collide with.
            }
        }
        return loaded;
    }

    private static string? LocationOf(Assembly? assembly)
    {
        if (assembly == null || assembly.IsDynamic) return null;
        try
        {
            return assembly.Location;
        }
        catch (Exception)
        {
            return null;
        }
    }
}
