using BenchmarkDotNet.Running;

// Every benchmark class of this assembly; pick with --filter, e.g. --filter '*Codec*'.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
