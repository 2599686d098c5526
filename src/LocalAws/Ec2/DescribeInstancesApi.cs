using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>DescribeInstances (reservationSet/instancesSet) and the instance XML every instance action shares.</summary>
internal static class DescribeInstancesApi
{
    private static readonly Dictionary<string, Func<Instance, IEnumerable<string?>>> Fields = new(StringComparer.Ordinal)
    {
        ["instance-id"] = i => [i.InstanceId],
        ["image-id"] = i => [i.ImageId],
        ["instance-state-name"] = i => [i.State],
        ["instance-state-code"] = i => [StateCode(i.State).ToString(System.Globalization.CultureInfo.InvariantCulture)],
        ["instance-type"] = i => [i.InstanceType],
        ["reservation-id"] = i => [i.ReservationId],
        ["owner-id"] = i => [i.OwnerId],
        ["architecture"] = i => [i.Architecture],
        ["platform"] = i => [i.Platform],
        ["root-device-name"] = i => [i.RootDeviceName],
        ["root-device-type"] = _ => ["ebs"],
        ["availability-zone"] = i => [i.Region + "a"],
        ["block-device-mapping.device-name"] = i => i.Attachments.Select(a => a.DeviceName),
        ["block-device-mapping.volume-id"] = i => i.Attachments.Select(a => a.VolumeId),
        ["tag-key"] = i => i.Tags.Keys,
        ["tag-value"] = i => i.Tags.Values,
    };

    public static AwsResponse DescribeInstances(AwsCall call)
    {
        var p = call.Params;
        var ids = p.List("InstanceId");
        foreach (var id in ids) Ec2Common.CheckInstanceId(id);
        var maxResults = Ec2Common.MaxResults(p, ids.Count, "instancesSet");
        var filters = Compile(Ec2Api.Filters(p));
        var now = call.State.Now;
        var scope = call.State.Scope(call.Account, call.Region);

        var candidates = new List<Instance>();
        if (ids.Count > 0)
        {
            var missing = new List<string>();
            foreach (var id in ids.Distinct(StringComparer.Ordinal))
            {
                if (scope.Instances.TryGetValue(id, out var instance) && !Ec2Common.IsGone(instance, now)) candidates.Add(instance);
                else missing.Add(id);
            }
            if (missing.Count > 0) throw Ec2Common.InstancesNotFound(missing);
        }
        else
        {
            candidates.AddRange(scope.Instances.Values.Where(i => !Ec2Common.IsGone(i, now)));
        }
        var matching = candidates.Where(i => filters.All(f => f(i)));
        var (page, next) = Ec2Common.Page(matching, i => i.InstanceId, "instances", maxResults, p.Get("NextToken"));

        // No match is an empty <reservationSet/>, not a missing one, as AWS answers.
        var xml = Ec2Api.Begin(call).Open("reservationSet");
        foreach (var reservation in page.GroupBy(i => i.ReservationId))
        {
            xml.Open("item").Elem("reservationId", reservation.Key).Elem("ownerId", call.Account).Open("groupSet").Close();
            WriteInstances(xml, call, reservation);
            xml.Close();
        }
        xml.Close();
        xml.Elem("nextToken", next);
        return Ec2Api.End(xml);
    }

    public static void WriteInstances(XmlOut xml, AwsCall call, IEnumerable<Instance> instances, Func<Instance, string>? stateOverride = null)
    {
        xml.Open("instancesSet");
        foreach (var i in instances) WriteInstance(xml, call, i, stateOverride?.Invoke(i) ?? i.State);
        xml.Close();
    }

    private static void WriteInstance(XmlOut xml, AwsCall call, Instance i, string state)
    {
        var volumes = call.State.Scope(i.OwnerId, i.Region).Volumes;
        var ip = PrivateIp(i.InstanceId);
        xml.Open("item")
            .Elem("instanceId", i.InstanceId)
            .Elem("imageId", i.ImageId);
        WriteState(xml, "instanceState", state);
        xml.Elem("privateDnsName", state == "terminated" ? "" : $"ip-{ip.Replace('.', '-')}.ec2.internal")
            .Elem("dnsName", "")
            .Elem("reason", i.StateTransitionReason ?? "")
            .Elem("amiLaunchIndex", i.LaunchIndex)
            .Elem("instanceType", i.InstanceType)
            .Elem("launchTime", i.LaunchTime)
            .Open("placement").Elem("availabilityZone", i.Region + "a").Elem("groupName", "").Elem("tenancy", "default").Close()
            .Elem("platform", i.Platform)
            .Open("monitoring").Elem("state", "disabled").Close()
            .Open("productCodes").Close();
        var network = state == "terminated" ? null : DefaultNetwork.For(i.OwnerId, i.Region);
        if (network is not null)
        {
            xml.Elem("subnetId", i.SubnetId ?? network.SubnetId).Elem("vpcId", network.VpcId).Elem("privateIpAddress", ip);
        }
        xml.Elem("architecture", i.Architecture)
            .Elem("rootDeviceType", "ebs")
            .Elem("rootDeviceName", i.RootDeviceName);
        // Lists are sent even when empty (a terminated instance has <blockDeviceMapping/>), as AWS does.
        xml.Open("blockDeviceMapping");
        foreach (var (device, volumeId) in i.Attachments)
        {
            var volume = volumes.GetValueOrDefault(volumeId);
            xml.Open("item").Elem("deviceName", device).Open("ebs")
                .Elem("volumeId", volumeId)
                .Elem("status", "attached")
                .Elem("attachTime", volume?.CreateTime ?? i.LaunchTime)
                .Elem("deleteOnTermination", volume?.DeleteOnTermination ?? true)
                .Close().Close();
        }
        xml.Close();
        xml.Elem("virtualizationType", "hvm")
            .Elem("clientToken", i.ClientToken)
            .Elem("ebsOptimized", i.EbsOptimized)
            .Elem("enaSupport", true)
            .Elem("sourceDestCheck", network is null ? null : "true");
        xml.Open("groupSet");
        if (network is not null && i.SecurityGroupIds.Count > 0)
            foreach (var group in i.SecurityGroupIds) xml.Open("item").Elem("groupId", group).Elem("groupName", group).Close();
        else if (network is not null) xml.Open("item").Elem("groupId", network.SecurityGroupId).Elem("groupName", "default").Close();
        xml.Close();
        if (i.IamInstanceProfileArn is not null)
            xml.Open("iamInstanceProfile").Elem("arn", i.IamInstanceProfileArn).Elem("id", IdGenerator.Stable("AIPA", i.IamInstanceProfileArn)).Close();
        WriteNetworkInterfaces(xml, i, network, ip);
        var m = i.MetadataOptions;
        // The RunInstances answer shows the options still "pending"; every later read sees them "applied".
        xml.Open("metadataOptions")
            .Elem("state", state == "pending" ? "pending" : "applied")
            .Elem("httpTokens", m.HttpTokens)
            .Elem("httpPutResponseHopLimit", m.HttpPutResponseHopLimit)
            .Elem("httpEndpoint", m.HttpEndpoint)
            .Elem("httpProtocolIpv6", m.HttpProtocolIpv6)
            .Elem("instanceMetadataTags", m.InstanceMetadataTags)
            .Close();
        Ec2Api.WriteTagSet(xml, i.Tags);
        xml.Elem("hypervisor", "xen")
            .Elem("platformDetails", i.Platform == "windows" ? "Windows" : "Linux/UNIX")
            .Elem("usageOperation", i.Platform == "windows" ? "RunInstances:0002" : "RunInstances");
        if (state is "stopped" or "stopping" or "terminated" or "shutting-down")
        {
            // A script that shut the instance down shows InstanceInitiatedShutdown, as AWS reports a guest shutdown.
            var code = i.StateTransitionReason?.StartsWith("Client.InstanceInitiatedShutdown", StringComparison.Ordinal) == true
                ? "Client.InstanceInitiatedShutdown" : "Client.UserInitiatedShutdown";
            xml.Open("stateReason").Elem("code", code).Elem("message", code == "Client.UserInitiatedShutdown" ? "Client.UserInitiatedShutdown: User initiated shutdown" : i.StateTransitionReason).Close();
        }
        xml.Close();
    }

    /// <summary>
    /// The primary network interface every instance in a default VPC gets (device index 0, deleted with the
    /// instance, so a terminated instance has none). Its id is derived from the instance id.
    /// </summary>
    private static void WriteNetworkInterfaces(XmlOut xml, Instance i, DefaultNetwork? network, string ip)
    {
        xml.Open("networkInterfaceSet");
        if (network is not null)
        {
            var suffix = i.InstanceId["i-".Length..];
            var dns = $"ip-{ip.Replace('.', '-')}.ec2.internal";
            xml.Open("item")
                .Elem("networkInterfaceId", "eni-" + suffix)
                .Elem("subnetId", network.SubnetId)
                .Elem("vpcId", network.VpcId)
                .Elem("description", "")
                .Elem("ownerId", i.OwnerId)
                .Elem("status", "in-use")
                .Elem("macAddress", "02:" + string.Join(":", Enumerable.Range(0, 5).Select(k => suffix.Substring(k * 2, 2))))
                .Elem("privateIpAddress", ip)
                .Elem("privateDnsName", dns)
                .Elem("sourceDestCheck", true)
                .Elem("interfaceType", "interface")
                .Open("groupSet").Open("item").Elem("groupId", network.SecurityGroupId).Elem("groupName", "default").Close().Close()
                .Open("attachment")
                    .Elem("attachmentId", "eni-attach-" + suffix)
                    .Elem("deviceIndex", 0)
                    .Elem("networkCardIndex", 0)
                    .Elem("status", "attached")
                    .Elem("attachTime", i.LaunchTime)
                    .Elem("deleteOnTermination", true)
                .Close()
                .Open("privateIpAddressesSet")
                    .Open("item").Elem("privateIpAddress", ip).Elem("privateDnsName", dns).Elem("primary", true).Close()
                .Close()
                .Open("ipv6AddressesSet").Close()
                .Close();
        }
        xml.Close();
    }

    public static void WriteState(XmlOut xml, string element, string state) =>
        xml.Open(element).Elem("code", StateCode(state)).Elem("name", state).Close();

    public static int StateCode(string state) => state switch
    {
        "pending" => 0,
        "running" => 16,
        "shutting-down" => 32,
        "terminated" => 48,
        "stopping" => 64,
        "stopped" => 80,
        _ => 0,
    };

    private static string PrivateIp(string instanceId)
    {
        // Stable per id (string hash codes are randomized per process): the id's last hex digits.
        var h = Convert.ToUInt32(instanceId[^6..], 16);
        return $"172.31.{(h >> 8) & 0xff}.{Math.Max(4, h & 0xff)}";
    }

    private static List<Func<Instance, bool>> Compile(List<(string Name, List<string> Values)> filters) =>
        ResourceFilters.Compile(filters, Fields, i => i.Tags);
}
