using System.Collections.Generic;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Waiting
{
    /// <summary>The images to wait for in one region.</summary>
    public sealed class WaitTarget
    {
        public WaitTarget(ResolvedConnection connection, IEnumerable<string> imageIds)
        {
            Connection = connection;
            ImageIds = new List<string>(imageIds);
        }

        public ResolvedConnection Connection { get; }
        public IReadOnlyList<string> ImageIds { get; }
    }
}
