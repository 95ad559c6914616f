Console.WriteLine("benchmarks: under construction (issue 2).");
