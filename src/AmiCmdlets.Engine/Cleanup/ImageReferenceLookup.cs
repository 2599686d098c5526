using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;

namespace AmiCmdlets.Engine.Cleanup
{
    /// <summary>
    /// DescribeImageReferences for the images a cleaner is about to propose: it also sees what the cheaper
    /// instance/launch-template lookup cannot (pinned older template versions, SSM parameters, Image Builder
    /// recipes). EC2 takes few ids per call, so only candidates are asked about, a few calls at a time.
    /// </summary>
    internal static class ImageReferenceLookup
    {
        private const int IdsPerCall = 10;
        private const int CallsAtOnce = 4;

        public static async Task<Dictionary<string, List<string>>> FindAsync(IAmazonEC2 ec2, IReadOnlyList<string> imageIds, CancellationToken cancellationToken)
        {
            var users = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var chunks = imageIds.Select((id, i) => (id, i)).GroupBy(x => x.i / IdsPerCall, x => x.id).Select(g => g.ToList()).ToList();
            using var gate = new SemaphoreSlim(CallsAtOnce);
            var results = await Task.WhenAll(chunks.Select(async chunk =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try { return await ReferencesAsync(ec2, chunk, cancellationToken).ConfigureAwait(false); }
                finally { gate.Release(); }
            })).ConfigureAwait(false);
            foreach (var reference in results.SelectMany(r => r))
            {
                if (!users.TryGetValue(reference.ImageId, out var list)) users[reference.ImageId] = list = new List<string>();
                var user = (reference.ResourceType?.Value ?? "resource") + " " + reference.Arn;
                if (!list.Contains(user)) list.Add(user);
            }
            return users;
        }

        private static async Task<List<ImageReference>> ReferencesAsync(IAmazonEC2 ec2, List<string> imageIds, CancellationToken cancellationToken)
        {
            var found = new List<ImageReference>();
            var request = new DescribeImageReferencesRequest { ImageIds = imageIds, IncludeAllResourceTypes = true };
            do
            {
                var response = await ec2.DescribeImageReferencesAsync(request, cancellationToken).ConfigureAwait(false);
                found.AddRange(response.ImageReferences ?? new List<ImageReference>());
                request.NextToken = response.NextToken;
            }
            while (!string.IsNullOrEmpty(request.NextToken));
            return found;
        }
    }
}
