using System.Text;
using System.Text.RegularExpressions;
using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// DescribeImages with AWS's visibility rules: own, public and shared images; deprecated ones hidden from
/// non-owners unless asked for; disabled ones only with IncludeDisabled; literal ids that are unknown or
/// invisible fail the whole call.
/// </summary>
internal static partial class DescribeImagesApi
{
    public static AwsResponse DescribeImages(AwsCall call)
    {
        var p = call.Params;
        var imageIds = p.List("ImageId");
        var owners = p.List("Owner");
        var executableBy = p.List("ExecutableBy");
        // image-allowed depends on who asks (their Allowed AMIs settings): applied here, not in ImageFilters.
        var allFilters = Ec2Api.Filters(p);
        var allowedFilter = allFilters.Where(f => f.Name == "image-allowed").ToList();
        var filters = ImageFilters.Compile(allFilters.Where(f => f.Name != "image-allowed").ToList());
        var allowedImages = AllowedImagesSettingsApi.Of(call);
        bool? AllowedOf(Image image) => allowedImages.Verdict(image, call.Account, call.State.Now) ?? image.ImageAllowed;
        var includeDeprecated = p.Bool("IncludeDeprecated");
        var includeDisabled = p.Bool("IncludeDisabled");
        var maxResults = p.Int("MaxResults");
        var nextToken = p.Get("NextToken");

        foreach (var id in imageIds)
        {
            if (!ImageIdPattern().IsMatch(id))
                throw new AwsException("InvalidAMIID.Malformed", $"Invalid id: \"{id}\" (expecting \"ami-...\")");
        }
        foreach (var owner in owners)
        {
            if (owner is not ("self" or "amazon" or "aws-marketplace" or "aws-backup-vault") && !AccountIdPattern().IsMatch(owner))
                throw new AwsException("InvalidUserID.Malformed", $"Invalid user id: \"{owner}\"");
        }
        if (maxResults is not null && imageIds.Count > 0)
            throw new AwsException("InvalidParameterCombination", "The parameter imageIdsSet cannot be used with the parameter maxResults");
        Ec2Common.CheckMaxResultsRange(maxResults, 5, 1000);
        var afterId = nextToken is null ? null : DecodeToken(nextToken);

        var account = call.Account;
        var now = call.State.Now;
        var images = call.State.Images(call.Region);

        bool Selected(Image image, bool named)
        {
            if (image.State == ImageStates.Disabled && !includeDisabled) return false;
            if (!named && !includeDeprecated && image.OwnerId != account && image.IsDeprecated(now)) return false;
            if (owners.Count > 0 && !owners.Any(o => OwnerMatches(o, image, account))) return false;
            if (executableBy.Count > 0 && !executableBy.Any(e => ExecutableByMatches(e, image, account))) return false;
            foreach (var filter in filters)
            {
                if (!filter(image)) return false;
            }
            foreach (var (_, values) in allowedFilter)
            {
                if (AllowedOf(image) is not { } allowed || !Wildcard.AnyMatch(values, allowed ? "true" : "false")) return false;
            }
            return true;
        }

        var page = new List<Image>();
        string? newToken = null;
        if (imageIds.Count > 0)
        {
            var missing = new List<string>();
            foreach (var id in imageIds.Distinct(StringComparer.Ordinal))
            {
                var image = images.Find(id);
                image?.Settle(now);
                if (image is null && images.FindDeregistered(id) is { } gone && gone.IsVisibleTo(account))
                {
                    // A deregistered image is listed for a while, then simply left out while an instance still
                    // uses it, and only then unknown (see DeregisteredImages).
                    var phase = DeregisteredImages.PhaseOf(call.State, gone, now);
                    if (phase == DeregisteredPhase.NotFound) missing.Add(id);
                    else if (phase == DeregisteredPhase.Listed && Selected(gone, named: true)) page.Add(gone);
                }
                else if (image is null || !image.IsVisibleTo(account)) missing.Add(id);
                else if (Selected(image, named: true)) page.Add(image);
            }
            if (missing.Count > 0) throw NotFound(missing);
        }
        else
        {
            var limit = maxResults ?? int.MaxValue;
            foreach (var image in images.InIdOrderWithDeregistered(afterId))
            {
                if (!image.IsVisibleTo(account)) continue;
                if (image.State == ImageStates.Deregistered && DeregisteredImages.PhaseOf(call.State, image, now) != DeregisteredPhase.Listed) continue;
                image.Settle(now);
                if (!Selected(image, named: false)) continue;
                if (page.Count == limit)
                {
                    // Only hand out a token when another match really exists, as AWS does.
                    newToken = EncodeToken(page[^1].ImageId);
                    break;
                }
                page.Add(image);
            }
        }

        var xml = Ec2Api.Begin(call).Open("imagesSet");
        foreach (var image in page) ImageXml.Write(xml, image, AllowedOf(image), call.Account);
        xml.Close().Elem("nextToken", newToken);
        return Ec2Api.End(xml);
    }

    private static bool OwnerMatches(string owner, Image image, string account) => owner switch
    {
        "self" => image.OwnerId == account,
        "amazon" or "aws-marketplace" or "aws-backup-vault" => image.OwnerAlias == owner,
        _ => image.OwnerId == owner,
    };

    // ExecutableBy names explicit launch permissions: "self" means "shared with me", "all" means public.
    private static bool ExecutableByMatches(string user, Image image, string account) => user switch
    {
        "all" => image.Public,
        "self" => image.IsSharedWith(account),
        _ => image.IsSharedWith(user),
    };

    private static AwsException NotFound(List<string> ids) => ids.Count == 1
        ? new AwsException("InvalidAMIID.NotFound", $"The image id '[{ids[0]}]' does not exist")
        : new AwsException("InvalidAMIID.NotFound", $"The image ids '[{string.Join(", ", ids)}]' do not exist");

    private static string EncodeToken(string lastId) => Convert.ToBase64String(Encoding.UTF8.GetBytes("localaws-images:" + lastId));

    private static string DecodeToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("localaws-images:", StringComparison.Ordinal)) return text["localaws-images:".Length..];
        }
        catch (FormatException) { }
        throw new AwsException("InvalidPaginationToken", "The specified pagination token is not valid or is expired.");
    }

    [GeneratedRegex("^ami-([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex ImageIdPattern();

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountIdPattern();
}
