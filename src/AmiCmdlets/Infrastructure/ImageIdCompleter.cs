using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using AmiCmdlets.Engine.Completion;

namespace AmiCmdlets.Infrastructure;

/// <summary>
/// -ImageId: your AMIs in the region the command line would use, newest first, with name, state and
/// creation date as the tooltip. At most one DescribeImages a minute per region and identity, at most two
/// seconds; nothing at all when AWS cannot answer in time.
/// </summary>
public sealed class ImageIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompleterArguments.Safely(() =>
        {
            var settings = CompleterArguments.ConnectionFrom(fakeBoundParameters, "Region");
            return settings == null ? new CompletionResult[0] : CompleterArguments.ToResults(ImageIdSuggestions.Shared.Suggest(settings, AmiSessionContext.Current, wordToComplete));
        });
}
