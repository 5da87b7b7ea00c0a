import ArgumentParser
import StepServe

/// The `stepline` command: runs Amazon States Language workflows off AWS.
@main
struct Stepline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stepline",
        abstract: "Run AWS Step Functions workflows (Amazon States Language) on your own machines.",
        version: SteplineVersion.current,
        subcommands: [
            RunCommand.self, ValidateCommand.self, GraphCommand.self, ServeCommand.self, WorkerCommand.self, CreateStateMachineCommand.self,
            PublishVersionCommand.self, CreateAliasCommand.self, ListStateMachinesCommand.self, StartCommand.self,
            DescribeCommand.self, HistoryCommand.self, ListExecutionsCommand.self, StopCommand.self,
            RedriveCommand.self, SendTaskSuccessCommand.self, SendTaskFailureCommand.self,
            SendTaskHeartbeatCommand.self, CreateActivityCommand.self, DescribeActivityCommand.self,
            ListActivitiesCommand.self, DeleteActivityCommand.self, GetActivityTaskCommand.self, DescribeMapRunCommand.self,
            ListMapRunsCommand.self, JSONataCommand.self,
            BenchCommand.self, ConfigCommand.self, StatusCommand.self, BackupCommand.self, WatchCommand.self,
        ]
    )
}
