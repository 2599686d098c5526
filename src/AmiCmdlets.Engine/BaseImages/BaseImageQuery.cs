using System;
using System.Collections.Generic;
using System.Linq;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Errors;

namespace AmiCmdlets.Engine.BaseImages;

/// <summary>What Find-BaseAmi asks for: a catalogue operating system or a public SSM parameter, and how many of the newest.</summary>
public sealed class BaseImageQuery
{
    public const string PublicParameterPrefix = "/aws/service/";

    public string? OperatingSystem { get; set; }
    public string? PublicParameter { get; set; }
    /// <summary>x86_64 or arm64; null means x86_64 for an operating system, any for a public parameter.</summary>
    public string? Architecture { get; set; }
    public string? Language { get; set; }
    public bool IncludeDeprecated { get; set; }
    public int Latest { get; set; } = 1;

    /// <summary>
    /// The catalogue entry asked for (null for a public parameter), checked before any call: an unknown name lists
    /// the valid ones, an architecture or language the OS is not published for says which it is.
    /// </summary>
    public BaseImageEntry? Validate()
    {
        if (PublicParameter != null)
        {
            // AWS honours only its own namespace for this filter; anything else would match nothing, silently.
            if (!PublicParameter.StartsWith(PublicParameterPrefix, StringComparison.Ordinal) || PublicParameter.Length == PublicParameterPrefix.Length)
                throw new AmiOperationException(ErrorIds.InvalidPublicParameter, AmiErrorCategory.InvalidArgument, PublicParameter,
                    "-PublicParameter '" + PublicParameter + "' is not a public AWS parameter: it must start with " + PublicParameterPrefix +
                    ", for example /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64.");
            if (Language != null)
                throw LanguageError("-Language goes with a Windows -OperatingSystem, not with -PublicParameter (the parameter names the language).");
            return null;
        }

        var entry = BaseImageCatalogue.Find(OperatingSystem ?? "")
            ?? throw new AmiOperationException(ErrorIds.UnknownOperatingSystem, AmiErrorCategory.InvalidArgument, OperatingSystem,
                "'" + OperatingSystem + "' is not an operating system Find-BaseAmi knows. Valid names: " + BaseImageCatalogue.Names +
                ". For anything else, use -PublicParameter '/aws/service/...' or Get-Ami -Owner <publisher> -Name <pattern>.");
        var architecture = Architecture ?? "x86_64";
        if (!entry.Offers(architecture))
            throw new AmiOperationException(ErrorIds.ArchitectureNotOffered, AmiErrorCategory.InvalidArgument, architecture,
                entry.Name + " images are published for " + string.Join(", ", entry.Architectures) + " only, not " + architecture + ".");
        if (Language != null && !entry.Windows)
            throw LanguageError("-Language applies to Windows Server only; " + entry.Name + " has one image per architecture.");
        if (Language != null && !BaseImageCatalogue.WindowsLanguages.Contains(Language, StringComparer.Ordinal))
            throw LanguageError("'" + Language + "' is not a language of Windows AMI names. Valid: " + string.Join(", ", BaseImageCatalogue.WindowsLanguages) + ".");
        return entry;
    }

    private AmiOperationException LanguageError(string message) =>
        new AmiOperationException(ErrorIds.LanguageNotOffered, AmiErrorCategory.InvalidArgument, Language, message);
}
