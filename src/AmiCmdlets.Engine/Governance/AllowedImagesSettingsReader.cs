using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Execution;

namespace AmiCmdlets.Engine.Governance;

/// <summary>Get-AmiAllowedSetting: GetAllowedImagesSettings in every place at once.</summary>
public sealed class AllowedImagesSettingsReader(AwsClientFactory clients)
{
    public Task ReadAllAsync(IReadOnlyList<ResolvedConnection> places, EngineEventStream events, CancellationToken cancellationToken) =>
        PlaceFanOut.ForEachPlaceAsync(places, async place => events.Output(await ReadAsync(place, cancellationToken).ConfigureAwait(false)),
            place => "GetAllowedImagesSettings in " + PlaceFanOut.NameOf(place), events, cancellationToken);

    public async Task<AmiAllowedSetting> ReadAsync(ResolvedConnection place, CancellationToken cancellationToken)
    {
        var response = await clients.Ec2(place).GetAllowedImagesSettingsAsync(new GetAllowedImagesSettingsRequest(), cancellationToken).ConfigureAwait(false);
        return new AmiAllowedSetting
        {
            Region = place.Region,
            State = AllowedImageRules.StateOf(response.State),
            ManagedBy = response.ManagedBy?.Value,
            Criteria = (response.ImageCriteria ?? new List<ImageCriterion>()).Select(c => new AmiImageCriterion
            {
                ImageProvider = c.ImageProviders ?? new List<string>(),
                ImageName = c.ImageNames ?? new List<string>(),
                MarketplaceProductCode = c.MarketplaceProductCodes ?? new List<string>(),
                MaxImageAgeDays = c.CreationDateCondition?.MaximumDaysSinceCreated,
                MaxDaysSinceDeprecation = c.DeprecationTimeCondition?.MaximumDaysSinceDeprecated,
            }).ToList(),
        }.At(place);
    }
}
