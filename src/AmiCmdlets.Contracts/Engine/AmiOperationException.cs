using System;

namespace AmiCmdlets.Contracts.Engine;

/// <summary>
/// Every failure the engine reports: a PascalCase ErrorId for scripts to match, a category, and the
/// resource it concerns. AWS SDK exceptions never cross into the cmdlet layer; they are wrapped here.
/// The message never contains secrets.
/// </summary>
public sealed class AmiOperationException : Exception
{
    public AmiOperationException(string errorId, AmiErrorCategory category, string? target, string message, string? awsErrorCode = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Category = category;
        Target = target;
        AwsErrorCode = awsErrorCode;
    }

    public string ErrorId { get; }
    public AmiErrorCategory Category { get; }
    public string? Target { get; }
    public string? AwsErrorCode { get; }
}
