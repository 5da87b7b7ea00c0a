import Foundation
import StepAPI
import StepEngine
import StepIntegrations
import StepJSON
import StepRuntime
import Testing

/// The Lambda functions API: uploading a zip, invoking it, and a Task state calling the uploaded function.
@Suite struct LambdaAPITests {
    /// A zip of one Python file, made with Python's zipfile (as `zip` may not be installed).
    static func zip(_ source: String, named file: String = "lambda_function.py", in directory: String) throws -> [UInt8] {
        try source.write(toFile: "\(directory)/\(file)", atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-m", "zipfile", "-c", "\(directory)/f.zip", "\(directory)/\(file)"]
        try p.run()
        p.waitUntilExit()
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(directory)/f.zip")))
    }

    static let hello = """
        import json
        def lambda_handler(event, context):
            if event.get('fail'):
                raise ValueError('asked to fail')
            return {'statusCode': 200, 'body': json.dumps('Hello, %s!' % event.get('name', 'World'))}
        """

    func request(_ api: LambdaAPI, _ method: String, _ path: String, _ body: JSON? = nil, headers: [String: String] = [:]) async
        -> (status: Int, body: JSON, headers: [(String, String)])
    {
        let r = await api.handle(
            method: method, path: LambdaAPI.prefix + path, headers: headers, body: body.map { Array($0.serialized().utf8) } ?? [])
        return (r.status, (try? JSON(parsing: r.body)) ?? .null, r.headers)
    }

    @Test func createInvokeAndDeleteAFunction() async throws {
        let f = try APIFixture()
        let api = LambdaAPI(repository: FunctionRepository(directory: f.directory + "/functions"))
        let zip = try Self.zip(Self.hello, in: f.directory)
        let create: JSON = [
            "FunctionName": "MyHelloFunction", "Runtime": "python3.9", "Role": "arn:aws:iam::111111111111:role/lambda-ex",
            "Handler": "lambda_function.lambda_handler", "Code": ["ZipFile": .string(Data(zip).base64EncodedString())],
        ]
        let created = await request(api, "POST", "", create)
        #expect(created.status == 201)
        #expect(created.body["FunctionArn"]?.stringValue == "arn:aws:lambda:us-east-1:111111111111:function:MyHelloFunction")
        #expect(created.body["CodeSize"]?.intValue == zip.count)
        // The same name again is a conflict, as in Lambda.
        #expect(await request(api, "POST", "", create).status == 409)

        let invoked = await request(api, "POST", "/MyHelloFunction/invocations", ["name": "cloudpicker"])
        #expect(invoked.status == 200)
        #expect(invoked.body["body"]?.stringValue == #""Hello, cloudpicker!""#)
        let failed = await request(api, "POST", "/MyHelloFunction/invocations", ["fail": true])
        #expect(failed.status == 200)
        #expect(failed.headers.contains { $0.0 == "X-Amz-Function-Error" && $0.1 == "Unhandled" })
        #expect(failed.body["errorType"]?.stringValue == "ValueError")

        let listed = await request(api, "GET", "")
        #expect(listed.body["Functions"]?.arrayValue?.count == 1)
        #expect(await request(api, "DELETE", "/MyHelloFunction").status == 204)
        let gone = await request(api, "GET", "/MyHelloFunction")
        #expect(gone.status == 404)
        #expect(gone.headers.contains { $0.0 == "x-amzn-ErrorType" && $0.1 == "ResourceNotFoundException" })
    }

    @Test func badUploadsAreRefusedWithLambdasErrors() async throws {
        let f = try APIFixture()
        let api = LambdaAPI(repository: FunctionRepository(directory: f.directory + "/functions"))
        let notZip: JSON = [
            "FunctionName": "f", "Runtime": "python3.12", "Role": "r", "Handler": "m.h",
            "Code": ["ZipFile": .string(Data("not a zip".utf8).base64EncodedString())],
        ]
        let r = await request(api, "POST", "", notZip)
        #expect(r.status == 400)
        #expect(r.headers.contains { $0.0 == "x-amzn-ErrorType" && $0.1 == "InvalidParameterValueException" })
        var node = notZip
        if case .object(var o) = node {
            o["Runtime"] = "nodejs20.x"
            node = .object(o)
        }
        #expect(await request(api, "POST", "", node).status == 400)
        #expect(await request(api, "GET", "/f").status == 404)
    }

    /// A Task state calling an uploaded function by ARN, through the runner that `serve` builds.
    @Test func aTaskStateCallsAnUploadedFunction() async throws {
        let f = try APIFixture()
        let repository = FunctionRepository(directory: f.directory + "/functions")
        _ = try repository.create(
            name: "MyHelloFunction", settings: .init(runtime: "python3.11", handler: "lambda_function.lambda_handler"),
            zip: try Self.zip(Self.hello, in: f.directory))
        let runner = LambdaTaskRunner(functions: [], repository: repository)
        let request = TaskRequest(
            id: 1, resource: "arn:aws:states:::lambda:invoke",
            input: [
                "FunctionName": "arn:aws:lambda:<YOUR_REGION>:<YOUR_ACCOUNT_ID>:function:MyHelloFunction",
                "Payload": ["name": "cloudpicker"],
            ],
            stateName: "InvokeLambda", timeoutSeconds: nil, heartbeatSeconds: nil, taskToken: nil, credentials: nil,
            executionArn: "arn:aws:states:us-east-1:111111111111:execution:m:e")
        let outcome = await runner.run(request)
        await runner.shutdown()
        guard case .success(let value) = outcome else {
            Issue.record("expected success, got \(outcome)")
            return
        }
        #expect(value["Payload"]?["body"]?.stringValue == #""Hello, cloudpicker!""#)
    }
}
