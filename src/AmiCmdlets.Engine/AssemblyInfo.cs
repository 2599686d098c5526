// The contract types (AmiOperationException, the event stream, IPlannedChange) are used all over the engine.
global using AmiCmdlets.Contracts.Engine;
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("AmiCmdlets.Engine.Tests")]
[assembly: InternalsVisibleTo("AmiCmdlets")]
[assembly: InternalsVisibleTo("AmiCmdlets.Tests")]
