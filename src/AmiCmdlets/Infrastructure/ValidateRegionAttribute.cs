using System.Management.Automation;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Infrastructure
{
    /// <summary>Rejects a malformed region name at binding, before any call.</summary>
    public sealed class ValidateRegionAttribute : ValidateEnumeratedArgumentsAttribute
    {
        protected override void ValidateElement(object element)
        {
            var region = PSValue.Unwrap(element) as string;
            if (!RegionName.IsValid(region))
            {
                throw new ValidationMetadataException(
                    "'" + element + "' is not a valid AWS region name. A region looks like 'us-east-1' or 'eu-west-2'.");
            }
        }
    }
}
