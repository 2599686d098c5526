using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using AmiCmdlets.Engine.BaseImages;

namespace AmiCmdlets.Infrastructure;

/// <summary>The catalogue's operating systems for Find-BaseAmi -OperatingSystem, with what each is, without calling AWS.</summary>
public sealed class OperatingSystemCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompleterArguments.Safely(() =>
        {
            var prefix = (wordToComplete ?? "").Trim('\'', '"');
            return BaseImageCatalogue.Entries
                .Where(e => e.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(e => new CompletionResult(e.Name, e.Name, CompletionResultType.ParameterValue, e.Description));
        });
}
