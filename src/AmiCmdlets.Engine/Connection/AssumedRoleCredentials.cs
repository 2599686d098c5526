using System;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace AmiCmdlets.Engine.Connection;

/// <summary>
/// Credentials of a role assumed with STS on top of the resolved credentials, asked for again 5 minutes
/// before they expire. The session name says AmiCmdlets and who ran it, for CloudTrail.
/// </summary>
internal sealed class AssumedRoleCredentials : RefreshingAWSCredentials
{
    private readonly IAmazonSecurityTokenService _sts;
    private readonly string _roleArn;
    private readonly string? _externalId;

    public AssumedRoleCredentials(IAmazonSecurityTokenService sts, string roleArn, string? externalId)
    {
        _sts = sts;
        _roleArn = roleArn;
        _externalId = externalId;
        PreemptExpiryTime = TimeSpan.FromMinutes(5);
    }

    internal static string SessionName()
    {
        var user = Regex.Replace(Environment.UserName ?? "user", @"[^\w+=,.@-]", "");
        var name = new StringBuilder("AmiCmdlets-").Append(user).ToString();
        return name.Length > 64 ? name.Substring(0, 64) : name;
    }

    protected override CredentialsRefreshState GenerateNewCredentials() =>
        GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var response = await _sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = _roleArn,
            RoleSessionName = SessionName(),
            ExternalId = _externalId,
            DurationSeconds = 3600,
        }).ConfigureAwait(false);
        var c = response.Credentials;
        return new CredentialsRefreshState(
            new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken),
            (c.Expiration ?? DateTime.UtcNow.AddHours(1)).ToUniversalTime());
    }
}
