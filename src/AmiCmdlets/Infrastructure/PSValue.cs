using System.Management.Automation;

namespace AmiCmdlets.Infrastructure;

/// <summary>Arguments arrive wrapped in PSObject when they come from script; these look through the wrapper.</summary>
internal static class PSValue
{
    public static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

    public static string? Text(object? value) => Unwrap(value)?.ToString();
}
