using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using AmiCmdlets.Engine.Completion;

namespace AmiCmdlets.Infrastructure;

/// <summary>
/// -KmsKeyId: the key aliases of the region the key must live in: the first -DestinationRegion when the
/// command copies, else the command's region. Same limits as <see cref="ImageIdCompleter"/> (one
/// ListAliases a minute, two seconds, nothing on failure).
/// </summary>
public sealed class KmsAliasCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompleterArguments.Safely(() =>
        {
            var settings = CompleterArguments.ConnectionFrom(fakeBoundParameters, "DestinationRegion", "Region");
            return settings == null ? new CompletionResult[0] : CompleterArguments.ToResults(KmsAliasSuggestions.Shared.Suggest(settings, AmiSessionContext.Current, wordToComplete));
        });
}
