using System;

namespace AmiCmdlets.Engine.Input;

/// <summary>
/// What one kind of id looks like, and the message that says so when a value does not. Matching is
/// exact and case-sensitive: EC2 ids and ARN prefixes are lower case, and a value with a trailing line
/// break is refused, not trimmed, so what is checked is what is sent.
/// </summary>
public sealed class ResourceIdRule
{
    private readonly Func<string, bool> _isValid;
    private readonly Func<string, string?>? _misplaced;

    internal ResourceIdRule(ResourceIdKind kind, string errorId, string noun, string expected, string pattern, Func<string, bool> isValid,
        Func<string, string?>? misplaced = null)
    {
        Kind = kind;
        ErrorId = errorId;
        Noun = noun;
        Expected = expected;
        Pattern = pattern;
        _isValid = isValid;
        _misplaced = misplaced;
    }

    public ResourceIdKind Kind { get; }

    /// <summary>The ErrorId when the engine refuses such a value (InvalidImageId...).</summary>
    public string ErrorId { get; }

    /// <summary>"an AMI id".</summary>
    public string Noun { get; }

    /// <summary>What a valid value looks like, with an example.</summary>
    public string Expected { get; }

    /// <summary>
    /// A regex that takes every value a parameter of this kind takes as typed (ResourceIds.ImageIdPattern...):
    /// the [ValidatePattern] that Pester's mocks keep. Looser than the rule where the rule is not one regex.
    /// </summary>
    public string Pattern { get; }

    public bool IsValid(string? value) => value != null && _isValid(value);

    /// <summary>Null when the value is valid; else the message for the user.</summary>
    public string? Problem(string? value)
    {
        if (IsValid(value)) return null;
        var message = InputText.Quote(value) + " is not " + Noun + ": expected " + Expected + ".";
        if (value == null || value.Length == 0) return message;
        var misplaced = _misplaced?.Invoke(value);
        if (misplaced != null) return message + " " + misplaced;
        var whitespace = InputText.WhitespaceHint(value);
        if (whitespace.Length > 0) return message + whitespace;
        if (_isValid(value.ToLowerInvariant())) return message + " AWS ids are lower case: use '" + value.ToLowerInvariant() + "'.";
        return message;
    }

    /// <summary>Throws <see cref="AmiOperationException"/> (this rule's ErrorId) unless the value is valid.</summary>
    public string Require(string? value)
    {
        var problem = Problem(value);
        if (problem != null) throw new AmiOperationException(ErrorId, AmiErrorCategory.InvalidArgument, value, problem);
        return value!;
    }
}
