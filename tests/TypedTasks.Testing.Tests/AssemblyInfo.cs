// TaskClient.Default is one per process: the tests that enqueue through it, or that check how it picks a harness,
// must not share the process with another live harness, so this assembly's tests run one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
