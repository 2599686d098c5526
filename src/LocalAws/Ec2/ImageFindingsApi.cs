using System.Globalization;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// GetImageFindings: the seeded Amazon Inspector findings of an image the caller can see (own, shared or public,
/// as the API reference says). An image Inspector never scanned answers an empty list (a guess: the reference only
/// says findings are returned for scanned images). MaxResults 1-1000 (range a guess) + NextToken.
/// </summary>
internal static class ImageFindingsApi
{
    public static AwsResponse GetImageFindings(AwsCall call)
    {
        var p = call.Params;
        var imageId = p.Get("ImageId") ?? throw new AwsException("MissingParameter", "The request must contain the parameter ImageId");
        var image = Ec2Common.VisibleImage(call, imageId);
        var maxResults = p.Int("MaxResults");
        Ec2Common.CheckMaxResultsRange(maxResults, 1, 1000);
        var start = 0;
        if (p.Get("NextToken") is { } token && !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start))
            throw new AwsException("InvalidPaginationToken", "The specified pagination token is not valid or is expired.");
        var page = image.Findings.Skip(start).Take(maxResults ?? 1000).ToList();
        var next = start + page.Count < image.Findings.Count ? (start + page.Count).ToString(CultureInfo.InvariantCulture) : null;

        var xml = Ec2Api.Begin(call).Open("imageFindingSet");
        foreach (var finding in page)
        {
            xml.Open("item")
                .Elem("title", finding.Title)
                .Elem("severityLabel", finding.SeverityLabel)
                .Elem("score", finding.Score.ToString("0.0", CultureInfo.InvariantCulture))
                .Elem("fixAvailable", finding.FixAvailable)
                .Elem("firstObservedAt", finding.FirstObservedAt)
                .Elem("updatedAt", finding.FirstObservedAt)
                .Elem("snapshotId", finding.SnapshotId)
                .Close();
        }
        xml.Close().Elem("nextToken", next);
        return Ec2Api.End(xml);
    }
}
