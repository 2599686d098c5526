using LocalAws.Model;

namespace LocalAws.Ec2;

/// <summary>
/// The default VPC, its subnet in zone "a" and its default security group, per account and region: instances
/// report them (and their primary network interface lives there). Ids are derived from account and region,
/// so they are the same after every reset. LocalAws emulates no VPC API; these only make instances look whole.
/// </summary>
internal sealed record DefaultNetwork(string VpcId, string SubnetId, string SecurityGroupId)
{
    public static DefaultNetwork For(string account, string region) => new(
        IdGenerator.Stable("vpc", account + ":" + region),
        IdGenerator.Stable("subnet", account + ":" + region + "a"),
        IdGenerator.Stable("sg", account + ":" + region + ":default"));
}
