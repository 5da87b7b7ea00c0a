import StepLanguage

/// AWS's rules for activities, shared by the service and the command line: names, ARNs, errors.
public enum Activities {
    /// CreateActivity: idempotent by name (the tags of a later call are ignored, as AWS ignores them).
    public static func create(in s: any ActivityStore, name: String, tags: [ActivityTag], now: Timestamp)
        throws(StoreError) -> ActivityRecord
    {
        guard ResourceName.isValid(name) else { throw StoreError(.invalidName, "Invalid Name: '\(name)'") }
        for t in tags where t.key.isEmpty || t.key.count > 128 || t.value.count > 256 {
            throw StoreError(.validation, "A tag key is 1 to 128 characters and a value at most 256: '\(t.key)'")
        }
        return try s.createActivity(name: name, tags: tags, now: now)
    }

    /// DescribeActivity: `InvalidArn` for what is not an activity ARN, `ActivityDoesNotExist` for an unknown one.
    public static func describe(in s: any ActivityStore, arn: String) throws(StoreError) -> ActivityRecord {
        try checkArn(arn)
        guard let record = try s.activity(arn: arn) else {
            throw StoreError(.activityDoesNotExist, "Activity Does Not Exist: '\(arn)'")
        }
        return record
    }

    /// DeleteActivity: deleting an activity that does not exist succeeds, as in AWS.
    public static func delete(in s: any ActivityStore, arn: String) throws(StoreError) {
        try checkArn(arn)
        try s.deleteActivity(arn: arn)
    }

    /// One attempt of GetActivityTask against the database: the activity must exist; `nil` when no task waits.
    public static func claim(in s: any ActivityStore, arn: String, workerName: String?) throws(StoreError)
        -> (executionId: Int64, task: Int, assignment: ActivityTask)?
    {
        _ = try describe(in: s, arn: arn)
        if let workerName, workerName.isEmpty || workerName.count > 80 {
            throw StoreError(.validation, "The worker name is 1 to 80 characters")
        }
        return try s.claimActivityTask(activityArn: arn, workerName: workerName)
    }

    /// AWS holds a GetActivityTask poll at most this long before answering with no task.
    public static let pollSeconds = 60.0

    /// AWS's cause when a Task state names an activity that does not exist (with error `States.Runtime`).
    public static func missingCause(_ arn: String) -> String { "The activity \(arn) does not exist." }

    static func checkArn(_ arn: String) throws(StoreError) {
        guard ARN(parsing: arn)?.activityName != nil else { throw StoreError(.invalidArn, "Invalid Arn: '\(arn)'") }
    }
}
