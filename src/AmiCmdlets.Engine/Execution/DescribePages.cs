using System;
using System.Threading;
using System.Threading.Tasks;

namespace AmiCmdlets.Engine.Execution;

/// <summary>
/// Pages through a paged EC2 call (DescribeImages, DescribeSnapshots, DescribeInstances ...). The next page
/// is asked for as soon as the current one's token is known, so its round trip overlaps the caller's work on
/// the current page. Never more than one page ahead: memory holds at most two pages whatever the total, and
/// one request is in flight at a time, so the one request object serves every page.
/// </summary>
internal static class DescribePages
{
    public static async Task ForEachAsync<TRequest, TPage>(TRequest request, Action<TRequest, string?> setToken,
        Func<TRequest, CancellationToken, Task<TPage>> call, Func<TPage, string?> nextToken, Func<TPage, Task> onPage, CancellationToken cancellationToken)
    {
        using var ahead = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var page = await call(request, ahead.Token).ConfigureAwait(false);
        while (true)
        {
            // A page handled to its end after Ctrl+C (a handler need not watch the token) is the last.
            cancellationToken.ThrowIfCancellationRequested();
            var token = nextToken(page);
            Task<TPage>? next = null;
            if (!string.IsNullOrEmpty(token))
            {
                setToken(request, token);
                next = call(request, ahead.Token);
            }
            try
            {
                await onPage(page).ConfigureAwait(false);
            }
            catch when (next != null)
            {
                // The caller gave up on this page (Ctrl+C, a write that failed): the page asked for in advance is not
                // wanted. It ends before we return, so no call outlives the operation; how it ends is of no interest.
                ahead.Cancel();
                try { await next.ConfigureAwait(false); }
                catch (Exception) { }
                throw;
            }
            if (next == null) return;
            page = await next.ConfigureAwait(false);
        }
    }

    /// <summary>The same for a caller whose work on a page never waits.</summary>
    public static Task ForEachAsync<TRequest, TPage>(TRequest request, Action<TRequest, string?> setToken,
        Func<TRequest, CancellationToken, Task<TPage>> call, Func<TPage, string?> nextToken, Action<TPage> onPage, CancellationToken cancellationToken) =>
        ForEachAsync(request, setToken, call, nextToken, page =>
        {
            onPage(page);
            return Task.CompletedTask;
        }, cancellationToken);
}
