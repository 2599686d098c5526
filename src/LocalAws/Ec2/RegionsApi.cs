using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

internal static class RegionsApi
{
    public static AwsResponse DescribeRegions(AwsCall call)
    {
        var p = call.Params;
        var names = p.List("RegionName");
        foreach (var name in names)
        {
            if (!Regions.IsKnown(name) && !Regions.IsOptIn(name)) throw new AwsException("InvalidParameterValue", $"Invalid region: {name}");
        }
        var filters = Ec2Api.Filters(p);
        foreach (var (name, _) in filters)
        {
            if (name is not ("region-name" or "endpoint" or "opt-in-status"))
                throw new AwsException("InvalidParameterValue", $"The filter '{name}' is invalid");
        }

        // AWS: without AllRegions only enabled regions, but a region asked for by name is listed either way.
        var allRegions = p.Bool("AllRegions");
        var listed = Regions.All.Concat(Regions.OptIn.Where(r => allRegions || names.Contains(r)));
        var xml = Ec2Api.Begin(call).Open("regionInfo");
        foreach (var region in listed)
        {
            if (names.Count > 0 && !names.Contains(region)) continue;
            var endpoint = Regions.Ec2Endpoint(region);
            var optIn = Regions.IsOptIn(region) ? Regions.NotOptedIn : "opt-in-not-required";
            var keep = filters.All(f => f.Name switch
            {
                "region-name" => Wildcard.AnyMatch(f.Values, region),
                "endpoint" => Wildcard.AnyMatch(f.Values, endpoint),
                _ => Wildcard.AnyMatch(f.Values, optIn),
            });
            if (!keep) continue;
            xml.Open("item").Elem("regionName", region).Elem("regionEndpoint", endpoint).Elem("optInStatus", optIn).Close();
        }
        return Ec2Api.End(xml.Close());
    }
}
