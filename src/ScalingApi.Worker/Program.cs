Console.WriteLine("scalingapi-worker");
