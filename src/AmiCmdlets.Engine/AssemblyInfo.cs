using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("AmiCmdlets.Engine.Tests")]
[assembly: InternalsVisibleTo("AmiCmdlets")]
[assembly: InternalsVisibleTo("AmiCmdlets.Tests")]
