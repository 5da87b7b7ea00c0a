import Foundation

extension FunctionConfig {
    /// The function for the runner: its handler (a warm Python pool or a command) with Lambda's
    /// environment variables for `reference`.
    public func makeFunction(_ reference: FunctionReference) -> LambdaFunction {
        LambdaFunction(
            reference: reference, handler: makeHandler(reference), timeoutSeconds: timeoutSeconds, memorySize: memorySize)
    }

    func makeHandler(_ reference: FunctionReference) -> any LambdaHandler {
        let env = lambdaEnvironment(reference)
        switch kind {
        case .python(let file, let module, let entry):
            let launch = PythonLaunch(
                interpreter: interpreter, file: file, module: module, entry: entry, codeDirectory: directory,
                environment: env)
            return PythonHandler(launch: launch, poolSize: poolSize, timeoutSeconds: timeoutSeconds)
        case .command(let command):
            return CommandHandler(command: command, directory: directory, environment: env, timeoutSeconds: timeoutSeconds)
        }
    }

    /// This process's environment, Lambda's variables for the function, then the configured ones.
    func lambdaEnvironment(_ reference: FunctionReference) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        let region =
            reference.region.flatMap { $0.hasPrefix("<") || $0.isEmpty ? nil : $0 }
            ?? env["AWS_REGION"] ?? env["AWS_DEFAULT_REGION"] ?? "us-east-1"
        let version = reference.executedVersion
        env["AWS_LAMBDA_FUNCTION_NAME"] = reference.name
        env["AWS_LAMBDA_FUNCTION_VERSION"] = version
        env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = String(memorySize)
        env["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/\(reference.name)"
        env["AWS_LAMBDA_LOG_STREAM_NAME"] = "stepline/[\(version)]\(ProcessInfo.processInfo.processIdentifier)"
        env["AWS_REGION"] = region
        if env["AWS_DEFAULT_REGION"] == nil { env["AWS_DEFAULT_REGION"] = region }
        env["LAMBDA_TASK_ROOT"] = directory
        env["_HANDLER"] = handlerText
        env["STEPLINE_PARENT_PID"] = String(ProcessInfo.processInfo.processIdentifier)
        for (k, v) in environment { env[k] = v }
        return env
    }
}
