return await Herald.Hosting.Cli.RunAsync(args);
