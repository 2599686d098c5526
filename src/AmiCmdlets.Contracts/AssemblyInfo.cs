using System.Runtime.CompilerServices;

// The engine builds output objects; users only read them.
[assembly: InternalsVisibleTo("AmiCmdlets.Engine")]
[assembly: InternalsVisibleTo("AmiCmdlets")]
[assembly: InternalsVisibleTo("AmiCmdlets.Engine.Tests")]
[assembly: InternalsVisibleTo("AmiCmdlets.Tests")]
