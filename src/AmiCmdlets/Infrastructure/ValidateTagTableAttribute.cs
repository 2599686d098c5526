using System.Collections;
using System.Management.Automation;

namespace AmiCmdlets.Infrastructure
{
    /// <summary>A -Tag hashtable: non-empty keys of at most 128 characters, values of at most 256 (EC2's limits).</summary>
    public sealed class ValidateTagTableAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var table = PSValue.Unwrap(arguments) as IDictionary;
            if (table == null) return;
            foreach (DictionaryEntry entry in table)
            {
                var key = PSValue.Text(entry.Key);
                var value = PSValue.Text(entry.Value) ?? "";
                if (string.IsNullOrEmpty(key))
                    throw new ValidationMetadataException("A tag key cannot be empty. Use @{ Team = 'web'; Stage = 'golden' }.");
                if (key!.Length > 128)
                    throw new ValidationMetadataException("The tag key '" + key.Substring(0, 20) + "...' is longer than EC2's 128 characters.");
                if (value.Length > 256)
                    throw new ValidationMetadataException("The value of tag '" + key + "' is longer than EC2's 256 characters.");
            }
        }
    }
}
