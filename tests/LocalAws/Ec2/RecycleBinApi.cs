using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// ListImagesInRecycleBin: the caller's deregistered images that a retention rule keeps. Retention rules are
/// not emulated; the control plane seeds the bin (recycleBinImages), and deregistering never fills it.
/// </summary>
internal static class RecycleBinApi
{
    public static AwsResponse ListImagesInRecycleBin(AwsCall call)
    {
        var p = call.Params;
        var ids = p.List("ImageId");
        foreach (var id in ids) Ec2Common.CheckImageId(id);
        var maxResults = p.Int("MaxResults");
        Ec2Common.CheckMaxResultsRange(maxResults, 1, 1000);
        if (maxResults is not null && ids.Count > 0)
            throw new AwsException("InvalidParameterCombination", "The parameter imageIdSet cannot be used with the parameter maxResults");

        var scope = call.State.Scope(call.Account, call.Region);
        var now = call.State.Now;
        var held = scope.RecycleBin.Values.Where(i => i.ExitTime > now && (ids.Count == 0 || ids.Contains(i.ImageId)));
        var (page, next) = Ec2Common.Page(held, i => i.ImageId, "rbin", maxResults, p.Get("NextToken"));

        var xml = Ec2Api.Begin(call).Open("imageSet");
        foreach (var image in page)
        {
            xml.Open("item").Elem("imageId", image.ImageId).Elem("name", image.Name).Elem("description", image.Description)
                .Elem("recycleBinEnterTime", image.EnterTime).Elem("recycleBinExitTime", image.ExitTime).Close();
        }
        xml.Close();
        if (next is not null) xml.Elem("nextToken", next);
        return Ec2Api.End(xml);
    }
}
