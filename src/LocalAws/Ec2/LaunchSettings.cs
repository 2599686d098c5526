using System.Text;
using System.Text.RegularExpressions;
using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// The RunInstances parameters a build instance needs beyond image and type: UserData (base64 on the wire, at most
/// 16 KB decoded), SubnetId, SecurityGroupId.N, IamInstanceProfile, InstanceInitiatedShutdownBehavior. Parsed and
/// checked before anything is launched; applied to each launched instance with its provisioning behaviour.
/// </summary>
internal sealed partial record LaunchSettings(string? UserData, string? SubnetId, IReadOnlyList<string> SecurityGroupIds,
    string? IamInstanceProfileArn, string ShutdownBehavior)
{
    // AWS (RunInstances, UserData): "User data is limited to 16 KB, in raw form, before it is base64-encoded."
    public const int UserDataLimitBytes = 16 * 1024;

    public static LaunchSettings Parse(QueryRequest p)
    {
        string? userData = null;
        if (p.Get("UserData") is { Length: > 0 } encoded)
        {
            byte[] raw;
            try { raw = Convert.FromBase64String(encoded); }
            catch (FormatException) { throw new AwsException("InvalidParameterValue", "Invalid BASE64 encoding of user data."); }
            // Message text is a guess; the limit and the error code are documented.
            if (raw.Length > UserDataLimitBytes)
                throw new AwsException("InvalidParameterValue", $"User data is limited to {UserDataLimitBytes} bytes");
            userData = Encoding.UTF8.GetString(raw);
        }
        var subnet = p.Get("SubnetId");
        if (subnet is not null && !SubnetPattern().IsMatch(subnet))
            throw new AwsException("InvalidSubnetID.Malformed", $"The subnet ID '{subnet}' is malformed");
        var groups = p.List("SecurityGroupId");
        foreach (var group in groups)
        {
            if (!GroupPattern().IsMatch(group)) throw new AwsException("InvalidGroupId.Malformed", $"Invalid id: \"{group}\" (expecting \"sg-...\")");
        }
        var profile = p.Get("IamInstanceProfile.Arn") ?? (p.Get("IamInstanceProfile.Name") is { } name ? "arn:aws:iam::{account}:instance-profile/" + name : null);
        var behaviour = p.Get("InstanceInitiatedShutdownBehavior") ?? "stop";
        if (behaviour is not ("stop" or "terminate"))
            throw new AwsException("InvalidParameterValue", $"Value ({behaviour}) for parameter instanceInitiatedShutdownBehavior is invalid. Expected: 'stop', 'terminate'.");
        return new LaunchSettings(userData, subnet, groups, profile, behaviour);
    }

    public void ApplyTo(Instance instance, EmulatorState state, DateTimeOffset now)
    {
        instance.UserData = UserData;
        instance.SubnetId = SubnetId;
        instance.SecurityGroupIds.AddRange(SecurityGroupIds);
        instance.IamInstanceProfileArn = IamInstanceProfileArn?.Replace("{account}", instance.OwnerId, StringComparison.Ordinal);
        instance.ShutdownBehavior = ShutdownBehavior;
        var pending = state.PendingSecondsFor(instance.Region);
        if (state.Provisioning.Match(instance.Tags, instance.ImageId) is { } rule)
            instance.Provisioning = InstanceProvisioning.From(rule, UserData, now, pending);
        else if (UserData is not null)
            instance.Provisioning = InstanceProvisioning.ForUserData(UserData, now, pending);
    }

    /// <summary>
    /// Before each EC2 call of an account and region: provisioning runs that are due end (the instance stops, or
    /// terminates itself), so every API sees the same moment.
    /// </summary>
    public static void SettleProvisioning(AwsCall call)
    {
        var scope = call.State.Scope(call.Account, call.Region);
        var now = call.State.Now;
        foreach (var instance in scope.Instances.Values)
        {
            if (instance.Provisioning is not { Settled: false } run) continue;
            // Stopped or terminated by a call first: the script's run is over.
            if (instance.State != "running") { run.Settled = true; continue; }
            switch (run.DueState(instance.ShutdownBehavior, now))
            {
                case "stopped":
                    instance.State = "stopped";
                    instance.StateTransitionReason = "Client.InstanceInitiatedShutdown: Instance initiated shutdown";
                    run.Settled = true;
                    break;
                case "terminated":
                    InstancesApi.Terminate(instance, scope, now, "Client.InstanceInitiatedShutdown: Instance initiated shutdown");
                    run.Settled = true;
                    break;
            }
        }
    }

    [GeneratedRegex(@"^subnet-[0-9a-f]{8,17}$")]
    private static partial Regex SubnetPattern();

    [GeneratedRegex(@"^sg-[0-9a-f]{8,17}$")]
    private static partial Regex GroupPattern();
}
