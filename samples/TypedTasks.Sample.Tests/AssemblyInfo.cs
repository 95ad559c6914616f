// The receipt endpoint enqueues through TaskClient.Default, one per process: tests that use it must not run beside
// another live application (the kit refuses to guess which one a job belongs to), so these tests run one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
