import StepJSON
import StepLanguage

/// A registered activity (`CreateActivity`): the name workers poll under and the ARN Task states name.
public struct ActivityRecord: Sendable, Equatable {
    public var name: String
    public var arn: String
    public var created: Timestamp
    /// The tags given when it was created (kept, never updated by a later `CreateActivity`).
    public var tags: [ActivityTag]

    public init(name: String, arn: String, created: Timestamp, tags: [ActivityTag] = []) {
        self.name = name
        self.arn = arn
        self.created = created
        self.tags = tags
    }

    /// DescribeActivity's answer, and one entry of ListActivities'.
    public var json: JSON {
        ["activityArn": .string(arn), "name": .string(name), "creationDate": .string(created.iso8601)]
    }
}

/// One `{"key", "value"}` tag of a resource.
public struct ActivityTag: Sendable, Equatable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A task handed to an activity worker: GetActivityTask's answer, and the body of a message on the
/// activity's queue. The input is JSON text, as AWS gives it.
public struct ActivityTask: Sendable, Equatable {
    public var taskToken: String
    public var input: String

    public init(taskToken: String, input: String) {
        self.taskToken = taskToken
        self.input = input
    }

    /// `{"taskToken", "input"}`.
    public var json: JSON { ["taskToken": .string(taskToken), "input": .string(input)] }

    /// Reads a message body; the input may also be a JSON value instead of text.
    public init?(json: JSON) {
        guard let token = json["taskToken"]?.stringValue, !token.isEmpty else { return nil }
        taskToken = token
        switch json["input"] {
        case .string(let text)?: input = text
        case nil, .null?: input = "{}"
        case let value?: input = value.serialized()
        }
    }
}
