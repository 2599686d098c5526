using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace AmiCmdlets.Engine.Waiting
{
    /// <summary>What a wait ended with, per image. Filled while the wait runs, so a stopped wait still tells what was left.</summary>
    public sealed class WaitReport
    {
        private readonly ConcurrentDictionary<string, WaitingImage> _stillWaiting = new ConcurrentDictionary<string, WaitingImage>();

        public ConcurrentQueue<Ami> Failed { get; } = new ConcurrentQueue<Ami>();
        public ConcurrentQueue<WaitingImage> TimedOut { get; } = new ConcurrentQueue<WaitingImage>();
        public ConcurrentQueue<WaitingImage> Missing { get; } = new ConcurrentQueue<WaitingImage>();

        /// <summary>Images not yet settled (after a stop: the ones still building).</summary>
        public IReadOnlyList<WaitingImage> StillWaiting => _stillWaiting.Values.OrderBy(i => i.Region).ThenBy(i => i.ImageId).ToList();

        internal void Track(WaitingImage image) => _stillWaiting[image.Region + "/" + image.ImageId] = image;

        internal void Settle(WaitingImage image) => _stillWaiting.TryRemove(image.Region + "/" + image.ImageId, out _);

        /// <summary>"ami-1 (us-east-1), ami-2 (eu-west-1)": for warnings and messages.</summary>
        public static string Describe(IEnumerable<WaitingImage> images) => string.Join(", ", images.Select(i => i.ImageId + " (" + i.Region + ")"));
    }

    /// <summary>One image being waited for, with the last state seen.</summary>
    public sealed class WaitingImage
    {
        public WaitingImage(string imageId, string region)
        {
            ImageId = imageId;
            Region = region;
        }

        public string ImageId { get; }
        public string Region { get; }
        public string? Name { get; internal set; }
        public string LastState { get; internal set; } = "unknown";

        /// <summary>Whether DescribeImages has listed it at least once.</summary>
        internal bool Seen { get; set; }
    }
}
