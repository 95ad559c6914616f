Console.WriteLine("TypedTasks sample: under construction (issue 7).");
