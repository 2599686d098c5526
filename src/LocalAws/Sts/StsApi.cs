using System.Text.RegularExpressions;
using LocalAws.Protocol;

namespace LocalAws.Sts;

/// <summary>STS (Query protocol, 2011-06-15): who am I, and role sessions into any account LocalAws knows.</summary>
internal static partial class StsApi
{
    public static AwsResponse Handle(AwsCall call) => call.Action switch
    {
        "GetCallerIdentity" => GetCallerIdentity(call),
        "AssumeRole" => AssumeRole(call),
        _ => throw AwsErrors.UnknownAction(AwsService.Sts, call.Action),
    };

    private static AwsResponse GetCallerIdentity(AwsCall call)
    {
        var xml = Begin("GetCallerIdentity")
            .Elem("Arn", call.Principal.Arn)
            .Elem("UserId", call.Principal.UserId)
            .Elem("Account", call.Principal.Account)
            .Close();
        return End(xml, call);
    }

    private static AwsResponse AssumeRole(AwsCall call)
    {
        var p = call.Params;
        var roleArn = p.Required("RoleArn");
        var sessionName = p.Required("RoleSessionName");
        var duration = p.Int("DurationSeconds") ?? 3600;

        if (!SessionNamePattern().IsMatch(sessionName))
            throw Validation($"1 validation error detected: Value '{sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        if (duration is < 900 or > 43200)
            throw Validation($"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200");
        var externalId = p.Get("ExternalId");
        if (externalId is { Length: < 2 or > 1224 })
            throw Validation($"1 validation error detected: Value '{externalId}' at 'externalId' failed to satisfy constraint: Member must have length {(externalId.Length < 2 ? "greater than or equal to 2" : "less than or equal to 1224")}");
        var role = RoleArn.TryParse(roleArn) ?? throw Validation($"{roleArn} is invalid");
        // AWS answers a role that does not exist (unknown account included) and one whose trust policy does not
        // name the caller (or requires another sts:ExternalId) alike, so nothing tells which it was.
        var state = call.State;
        if (!state.Accounts.Contains(role.Account) || state.RoleRefusals.Refuses(role.Account, role.Name, externalId))
            throw new AwsException("AccessDenied", $"User: {call.Principal.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", 403);
        // AssumeRole API reference: "if you assume a role using role chaining and provide a DurationSeconds
        // parameter value greater than one hour, the operation fails".
        if (call.Principal.IsRoleSession && duration > 3600)
            throw Validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");

        // Renewal tests shorten every session (settings "roleSessionSeconds") without changing what clients ask for.
        var lifetime = state.RoleSessionSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromSeconds(duration);
        var session = call.Credentials.IssueRoleSession(role.Partition, role.Account, role.Name, roleArn, sessionName, state.Now + lifetime);
        var xml = Begin("AssumeRole")
            .Open("AssumedRoleUser").Elem("AssumedRoleId", session.UserId).Elem("Arn", session.Arn).Close()
            .Open("Credentials")
            .Elem("AccessKeyId", session.AccessKey)
            .Elem("SecretAccessKey", session.SecretKey)
            .Elem("SessionToken", session.SessionToken)
            .Elem("Expiration", session.Expiration)
            .Close()
            .Close();
        return End(xml, call);
    }

    private static AwsException Validation(string message) => new("ValidationError", message);

    private static XmlOut Begin(string action) =>
        new XmlOut().Open(action + "Response", AwsErrors.StsNamespace).Open(action + "Result");

    private static AwsResponse End(XmlOut xml, AwsCall call) =>
        new(200, "text/xml", xml.Open("ResponseMetadata").Elem("RequestId", call.RequestId).Close().ToString());

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}$")]
    private static partial Regex SessionNamePattern();
}
