import Testing

@testable import StepLanguage

@Suite struct ARNTests {
    @Test(arguments: [
        "arn:aws:states:us-east-1:111111111111:stateMachine:orders",
        "arn:aws:states:us-east-1:111111111111:stateMachine:orders:3",
        "arn:aws:states:us-east-1:111111111111:stateMachine:orders:prod",
        "arn:aws:states:us-east-1:111111111111:execution:orders:e-1",
        "arn:aws:states:us-east-1:111111111111:express:orders:e-1:0f0e0d0c-0000-4000-8000-000000000001",
        "arn:aws:states:us-east-1:111111111111:mapRun:orders/Fan:0f0e0d0c-0000-4000-8000-000000000001",
        "arn:aws:states:us-east-1:111111111111:execution:orders/Fan:0f0e0d0c-0000-4000-8000-000000000002",
        "arn:aws:states:us-east-1:111111111111:activity:approve",
        "arn:aws:lambda:eu-west-1:123456789012:function:resize",
        "arn:aws:lambda:eu-west-1:123456789012:function:resize:7",
        "arn:aws:lambda:eu-west-1:123456789012:function:resize:live",
        "arn:aws:sns:us-east-1:111111111111:alerts",
        "arn:aws:states:::lambda:invoke",
        "arn:aws:states:::aws-sdk:dynamodb:putItem",
        "arn:aws:states:::s3:getObject",
        "arn:aws:s3:::bucket",
        "arn:aws:iam::111111111111:role/stepline",
        "arn:aws-cn:states:cn-north-1:111111111111:stateMachine:orders",
        "arn:aws:events:us-east-1:111111111111:connection/Orders/0a1b",
        "arn:aws:states:us-east-1:111111111111:",
        "arn:::::",
    ])
    func roundTrips(_ text: String) throws {
        let arn = try #require(ARN(parsing: text))
        #expect(arn.description == text)
        #expect(ARN(parsing: arn.description) == arn)
    }

    @Test(arguments: [
        "", "arn", "arn:", "arn:aws:states", "arn:aws:states:us-east-1:111111111111", "ARN:aws:states:us-east-1:1:stateMachine:m",
        "aws:states:us-east-1:111111111111:stateMachine:orders", " arn:aws:states:us-east-1:1:activity:a", "orders", "orders:prod",
        "111111111111:function:resize", "urn:aws:states:us-east-1:1:activity:a",
    ])
    func rejectsWhatIsNotAnARN(_ text: String) {
        #expect(ARN(parsing: text) == nil)
    }

    @Test func readsTheFields() throws {
        let arn = try #require(ARN(parsing: "arn:aws:states:us-east-1:111111111111:execution:orders/Fan:e-1"))
        #expect(arn.partition == "aws")
        #expect(arn.service == "states")
        #expect(arn.region == "us-east-1")
        #expect(arn.account == "111111111111")
        #expect(arn.resource == "execution:orders/Fan:e-1")
        #expect(arn.resourceType == "execution")
        #expect(arn.resourceComponents == ["orders/Fan", "e-1"])
        #expect(arn.isStepFunctions("execution"))
        #expect(!arn.isStepFunctions("express"))
    }

    @Test func readsAResourceWithoutColons() throws {
        let topic = try #require(ARN(parsing: "arn:aws:sns:us-east-1:111111111111:alerts"))
        #expect(topic.resourceType == "alerts")
        #expect(topic.resourceComponents.isEmpty)
        let integration = try #require(ARN(parsing: "arn:aws:states:::lambda:invoke"))
        #expect(integration.region.isEmpty && integration.account.isEmpty)
        #expect(integration.resourceParts == ["lambda", "invoke"])
    }

    @Test func keepsEmptyResourceParts() throws {
        let arn = try #require(ARN(parsing: "arn:aws:states:r:a:stateMachine:m:"))
        #expect(arn.resourceComponents == ["m", ""])
        #expect(arn.description == "arn:aws:states:r:a:stateMachine:m:")
    }

    @Test func buildsStepFunctionsARNs() {
        let (r, a) = ("us-east-1", "111111111111")
        #expect(ARN.stateMachine(name: "m", region: r, account: a).description == "arn:aws:states:us-east-1:111111111111:stateMachine:m")
        #expect(
            ARN.stateMachine(name: "m", qualifier: "2", region: r, account: a).description
                == "arn:aws:states:us-east-1:111111111111:stateMachine:m:2")
        #expect(
            ARN.execution(stateMachine: "m", name: "e", region: r, account: a).description
                == "arn:aws:states:us-east-1:111111111111:execution:m:e")
        #expect(
            ARN.expressExecution(stateMachine: "m", name: "e", runId: "id", region: r, account: a).description
                == "arn:aws:states:us-east-1:111111111111:express:m:e:id")
        #expect(
            ARN.mapRun(stateMachine: "m", label: "Fan", runId: "id", region: r, account: a).description
                == "arn:aws:states:us-east-1:111111111111:mapRun:m/Fan:id")
        #expect(ARN.activity(name: "x", region: r, account: a).description == "arn:aws:states:us-east-1:111111111111:activity:x")
    }

    @Test func buildsLambdaARNs() {
        #expect(
            ARN.lambdaFunction(name: "f", region: "eu-west-1", account: "1").description == "arn:aws:lambda:eu-west-1:1:function:f")
        #expect(
            ARN.lambdaFunction(name: "f", qualifier: "live", region: "r", account: "1", partition: "aws-cn").description
                == "arn:aws-cn:lambda:r:1:function:f:live")
    }

    @Test func readsStateMachineReferences() throws {
        let plain = try #require(ARN(parsing: "arn:aws:states:r:a:stateMachine:m")?.stateMachineReference)
        #expect(plain.name == "m" && plain.qualifier == nil)
        let version = try #require(ARN(parsing: "arn:aws:states:r:a:stateMachine:m:3")?.stateMachineReference)
        #expect(version.name == "m" && version.qualifier == "3")
        let alias = try #require(ARN(parsing: "arn:aws:states:r:a:stateMachine:m:prod")?.stateMachineReference)
        #expect(alias.qualifier == "prod")
        for text in [
            "arn:aws:states:r:a:stateMachine:", "arn:aws:states:r:a:stateMachine:m:3:x", "arn:aws:states:r:a:activity:m",
            "arn:aws:lambda:r:a:stateMachine:m", "arn:aws:states:r:a:stateMachine",
        ] {
            #expect(ARN(parsing: text)?.stateMachineReference == nil, "\(text)")
        }
    }

    @Test func readsActivitiesAndExecutions() throws {
        #expect(ARN(parsing: "arn:aws:states:r:a:activity:approve")?.activityName == "approve")
        for text in ["arn:aws:states:r:a:activity:", "arn:aws:states:r:a:activity:x:y", "arn:aws:sns:r:a:activity:x"] {
            #expect(ARN(parsing: text)?.activityName == nil, "\(text)")
        }
        let child = try #require(ARN(parsing: "arn:aws:states:r:a:execution:m/Fan:e")?.standardExecution)
        #expect(child.stateMachine == "m/Fan" && child.name == "e")
        for text in ["arn:aws:states:r:a:express:m:e:id", "arn:aws:states:r:a:execution:m", "arn:aws:states:r:a:execution:m:"] {
            #expect(ARN(parsing: text)?.standardExecution == nil, "\(text)")
        }
    }

    @Test func readsLambdaFunctions() throws {
        let plain = try #require(ARN(parsing: "arn:aws:lambda:r:a:function:f")?.lambdaFunction)
        #expect(plain.name == "f" && plain.qualifier == nil)
        let qualified = try #require(ARN(parsing: "arn:aws:lambda:r:a:function:f:7")?.lambdaFunction)
        #expect(qualified.name == "f" && qualified.qualifier == "7")
        for text in [
            "arn:aws:lambda:r:a:function:", "arn:aws:lambda:r:a:function:f:", "arn:aws:lambda:r:a:function:f:1:2",
            "arn:aws:states:r:a:function:f", "arn:aws:lambda:r:a:layer:f",
        ] {
            #expect(ARN(parsing: text)?.lambdaFunction == nil, "\(text)")
        }
    }

    @Test func editsFieldsAndPrintsThem() throws {
        var arn = try #require(ARN(parsing: "arn:aws-cn:states:cn-north-1:222222222222:execution:m:e"))
        arn.partition = "aws"
        arn.region = "us-east-1"
        arn.account = "111111111111"
        #expect(arn.description == "arn:aws:states:us-east-1:111111111111:execution:m:e")
    }
}
