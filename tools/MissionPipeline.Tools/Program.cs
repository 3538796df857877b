using MissionPipeline.Tools;

return await ToolsCommand.InvokeAsync(args).ConfigureAwait(false);
