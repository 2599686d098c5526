using System.Text.RegularExpressions;

namespace AmiCmdlets.Engine.Connection
{
    /// <summary>The shape of an AWS region name, and the regions offered to tab completion without a call.</summary>
    public static class RegionName
    {
        private static readonly Regex Shape = new Regex(@"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$", RegexOptions.CultureInvariant);

        public static bool IsValid(string? region) => region != null && Shape.IsMatch(region);

        public static readonly string[] Known =
        {
            "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
            "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
            "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
            "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-east-1", "me-south-1", "me-central-1",
            "af-south-1", "il-central-1", "ca-west-1", "mx-central-1", "us-gov-west-1", "us-gov-east-1",
        };
    }
}
