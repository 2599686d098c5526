using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AmiCmdlets.Engine.Completion;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Infrastructure;

/// <summary>
/// What the AWS-backed completers share: reading the connection parameters already typed on the command
/// line, and the guarantee that a completer never throws (an exception would print red text at the prompt).
/// </summary>
internal static class CompleterArguments
{
    /// <summary>Runs a completer's body; any failure, including the engine not loading, means no suggestions.</summary>
    public static IEnumerable<CompletionResult> Safely(Func<IEnumerable<CompletionResult>> complete)
    {
        try
        {
            return complete().ToList();
        }
        catch (Exception)
        {
            return Array.Empty<CompletionResult>();
        }
    }

    /// <summary>
    /// The connection the command would use, from the parameters typed so far: the first of the region
    /// parameters given, -ProfileName, -EndpointUrl, -RoleArn/-ExternalId (the session context and the
    /// environment fill the rest). Null when -Credential is given: a completer cannot use those keys, and
    /// suggesting another identity's resources would mislead.
    /// </summary>
    public static ConnectionSettings? ConnectionFrom(IDictionary? fakeBoundParameters, params string[] regionParameters)
    {
        var bound = fakeBoundParameters ?? new Hashtable();
        if (bound.Contains("Credential")) return null;
        return new ConnectionSettings
        {
            Region = regionParameters.Select(name => FirstString(bound, name)).FirstOrDefault(region => region != null),
            ProfileName = FirstString(bound, "ProfileName"),
            EndpointUrl = FirstString(bound, "EndpointUrl"),
            RoleArn = FirstString(bound, "RoleArn"),
            ExternalId = FirstString(bound, "ExternalId"),
        };
    }

    public static IEnumerable<CompletionResult> ToResults(IEnumerable<Suggestion> suggestions) =>
        suggestions.Select(s => new CompletionResult(s.Value, s.Value, CompletionResultType.ParameterValue, s.Tooltip));

    /// <summary>A typed value may be a string, an array (-Region a,b) or wrapped in a PSObject.</summary>
    private static string? FirstString(IDictionary bound, string name)
    {
        if (!bound.Contains(name)) return null;
        var value = PSValue.Unwrap(bound[name]);
        if (value is IEnumerable many && !(value is string))
        {
            value = many.Cast<object?>().FirstOrDefault();
            value = PSValue.Unwrap(value);
        }
        var text = value as string;
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }
}
