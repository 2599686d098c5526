namespace LocalAws.Protocol;

internal enum AwsService { Ec2, Sts, Kms }

/// <summary>An error to return in the calling service's own wire shape.</summary>
internal sealed class AwsException : Exception
{
    public AwsException(string code, string message, int status = 400) : base(message)
    {
        Code = code;
        Status = status;
    }

    public string Code { get; }
    public int Status { get; }
}
