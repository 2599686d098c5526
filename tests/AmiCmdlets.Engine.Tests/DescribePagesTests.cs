using AmiCmdlets.Engine.Execution;

namespace AmiCmdlets.Engine.Tests;

/// <summary>
/// The paging helper against pages the test hands out one by one: each page arrives and each page's handling
/// ends when the test says so. Continuations run inline (no RunContinuationsAsynchronously, and no
/// synchronization context: the tests run on the pool), so whatever the helper asks for at a step it has
/// asked for by the time the step returns: no waiting, no timing.
/// </summary>
public sealed class DescribePagesTests
{
    private sealed record Page(int Number, string? NextToken);

    private sealed class Request
    {
        public string? NextToken { get; set; }
    }

    /// <summary>Four pages; records which were asked for and lets the test answer each and end its handling.</summary>
    private sealed class PagedSource
    {
        private const int LastPage = 4;

        public List<int> Asked { get; } = [];

        public Dictionary<int, TaskCompletionSource<Page>> Answers { get; } = [];

        public Dictionary<int, TaskCompletionSource> Handled { get; } = [];

        public Dictionary<int, int> AskedWhenHandlingBegan { get; } = [];

        public List<CancellationToken> Tokens { get; } = [];

        public Task<Page> Call(Request request, CancellationToken cancellationToken)
        {
            var number = request.NextToken == null ? 1 : int.Parse(request.NextToken);
            Asked.Add(number);
            Tokens.Add(cancellationToken);
            Answers[number] = new TaskCompletionSource<Page>();
            cancellationToken.Register(() => Answers[number].TrySetCanceled(cancellationToken));
            return Answers[number].Task;
        }

        public void Answer(int number) => Answers[number].SetResult(new Page(number, number < LastPage ? (number + 1).ToString() : null));

        public Task Handle(Page page)
        {
            AskedWhenHandlingBegan[page.Number] = Asked.Count;
            Handled[page.Number] = new TaskCompletionSource();
            return Handled[page.Number].Task;
        }

        public Task Run(CancellationToken cancellationToken) =>
            DescribePages.ForEachAsync(new Request(), (r, token) => r.NextToken = token, Call, p => p.NextToken, Handle, cancellationToken);
    }

    [Fact]
    public Task TheNextPageIsAskedForBeforeTheCurrentOneIsHandledAndNeverTwoAhead() => Task.Run(async () =>
    {
        var source = new PagedSource();
        var paging = source.Run(CancellationToken.None);
        Assert.Equal([1], source.Asked);

        source.Answer(1);
        Assert.Equal(2, source.AskedWhenHandlingBegan[1]);
        source.Answer(2);
        Assert.Equal([1, 2], source.Asked); // page 2 is in, page 1 still being handled: page 3 waits

        source.Handled[1].SetResult();
        Assert.Equal(3, source.AskedWhenHandlingBegan[2]);
        source.Handled[2].SetResult(); // page 3 not in yet: nothing more is asked for
        Assert.Equal([1, 2, 3], source.Asked);
        Assert.False(source.AskedWhenHandlingBegan.ContainsKey(3));

        source.Answer(3);
        Assert.Equal(4, source.AskedWhenHandlingBegan[3]);
        source.Answer(4);
        source.Handled[3].SetResult();
        Assert.Equal(4, source.AskedWhenHandlingBegan[4]); // the last page: no token, nothing more to ask
        source.Handled[4].SetResult();
        await paging;
        Assert.Equal([1, 2, 3, 4], source.Asked);
    });

    [Fact]
    public Task CancellingWhileAPageIsHandledStopsPagingAndTheAdvancedPage() => Task.Run(async () =>
    {
        var source = new PagedSource();
        using var cancel = new CancellationTokenSource();
        var paging = source.Run(cancel.Token);
        source.Answer(1);
        Assert.Equal([1, 2], source.Asked);

        cancel.Cancel();
        Assert.True(source.Tokens[1].IsCancellationRequested);
        source.Handled[1].SetCanceled(cancel.Token); // a handler that waits for room gives up like this
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => paging);
        Assert.Equal([1, 2], source.Asked);
    });

    [Fact]
    public Task CancellingAfterTheAdvancedPageArrivedAsksForNoMore() => Task.Run(async () =>
    {
        var source = new PagedSource();
        using var cancel = new CancellationTokenSource();
        var paging = source.Run(cancel.Token);
        source.Answer(1);
        source.Answer(2);
        cancel.Cancel();
        source.Handled[1].SetResult(); // a handler that does not look at the token finishes its page
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => paging);
        Assert.Equal([1, 2], source.Asked);
    });

    [Fact]
    public Task AHandlerThatFailsEndsPagingWithItsErrorAndTheAdvancedPageIsCancelled() => Task.Run(async () =>
    {
        var source = new PagedSource();
        var paging = source.Run(CancellationToken.None);
        source.Answer(1);
        source.Handled[1].SetException(new InvalidOperationException("write failed"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => paging);
        Assert.Equal("write failed", error.Message);
        Assert.True(source.Answers[2].Task.IsCanceled);
        Assert.Equal([1, 2], source.Asked);
    });
}
