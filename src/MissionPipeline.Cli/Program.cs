using MissionPipeline.Cli;

return await MissionCommand.InvokeAsync(args).ConfigureAwait(false);
