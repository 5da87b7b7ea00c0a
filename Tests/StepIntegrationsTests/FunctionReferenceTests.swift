import Testing
@testable import StepIntegrations

@Suite("Function names and ARNs") struct FunctionReferenceTests {
    @Test func aNameWithOrWithoutAQualifier() throws {
        let plain = try #require(FunctionReference("my-function"))
        #expect(plain.name == "my-function" && plain.qualifier == nil)
        let aliased = try #require(FunctionReference("my-function:prod"))
        #expect(aliased.name == "my-function" && aliased.qualifier == "prod")
    }

    @Test func aPartialARN() throws {
        let r = try #require(FunctionReference("123456789012:function:my-function:7"))
        #expect(r.name == "my-function" && r.qualifier == "7" && r.account == "123456789012")
        #expect(r.executedVersion == "7")
    }

    @Test func aFullARN() throws {
        let r = try #require(FunctionReference("arn:aws:lambda:eu-west-1:123456789012:function:f"))
        #expect(r.name == "f" && r.region == "eu-west-1" && r.account == "123456789012" && r.partition == "aws")
        #expect(r.arn(region: "x", account: "y") == "arn:aws:lambda:eu-west-1:123456789012:function:f")
        let q = try #require(FunctionReference("arn:aws:lambda:eu-west-1:123456789012:function:f:$LATEST"))
        #expect(q.qualifier == "$LATEST" && q.executedVersion == "$LATEST")
    }

    @Test func placeholdersInTheARNStillNameTheFunction() throws {
        let r = try #require(FunctionReference("arn:aws:lambda:<YOUR_REGION>:<YOUR_ACCOUNT_ID>:function:MyHelloFunction"))
        #expect(r.name == "MyHelloFunction" && r.qualifier == nil)
    }

    @Test func whatIsNotAFunction() {
        #expect(FunctionReference("") == nil)
        #expect(FunctionReference("arn:aws:states:::lambda:invoke") == nil)
        #expect(FunctionReference("arn:aws:lambda:us-east-1:1:layer:x") == nil)
        #expect(FunctionReference("a:b:c") == nil)
        #expect(FunctionReference("f:") == nil)
        #expect(FunctionReference("arn:aws:lambda:us-east-1:1:function:f:1:2") == nil)
    }

    @Test func lookupPrefersTheSameQualifierThenTheUnqualifiedFunction() throws {
        struct Named: LambdaHandler {
            let id: String
            func invoke(_ invocation: LambdaInvocation) async -> LambdaResult { LambdaResult(payload: id) }
            func shutdown() async {}
        }
        let table = LambdaFunctionTable([
            LambdaFunction(reference: FunctionReference(name: "f"), handler: Named(id: "plain")),
            LambdaFunction(reference: FunctionReference(name: "f", qualifier: "prod"), handler: Named(id: "prod")),
        ])
        func id(_ text: String) -> String? { (FunctionReference(text).flatMap(table.lookup)?.handler as? Named)?.id }
        #expect(id("f") == "plain")
        #expect(id("f:prod") == "prod")
        #expect(id("f:3") == "plain")
        #expect(id("arn:aws:lambda:ap-south-1:222222222222:function:f:prod") == "prod")
        #expect(id("g") == nil)
    }
}
