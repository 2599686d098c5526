namespace AmiCmdlets.Engine.Images
{
    /// <summary>EC2 filters understand '*' and '?'; a value without them names exactly one thing.</summary>
    internal static class WildcardPattern
    {
        public static bool HasWildcard(string value) => value.IndexOf('*') >= 0 || value.IndexOf('?') >= 0;
    }
}
