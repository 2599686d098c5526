using System;
using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;

namespace AmiCmdlets.Infrastructure;

/// <summary>Engine failures as PowerShell ErrorRecords: the ErrorId, category and target the engine chose.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(AmiOperationException error) =>
        new ErrorRecord(error, error.ErrorId, ToCategory(error.Category), error.Target);

    public static ErrorRecord InvalidArgument(string errorId, string message, object? target) =>
        new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target);

    // Same member names on both enums, so the mapping is by name and cannot drift.
    private static ErrorCategory ToCategory(AmiErrorCategory category) =>
        Enum.TryParse<ErrorCategory>(category.ToString(), out var mapped) ? mapped : ErrorCategory.NotSpecified;
}
