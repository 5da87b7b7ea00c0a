/// Requests from client processes to the running service (stop, redrive, task callbacks), and the task
/// tokens they are addressed by.
public protocol ControlRequestStore: AnyObject {
    /// A stop or redrive for the service.
    func enqueueRequest(executionId: Int64, kind: ControlRequest.Kind, error: String?, cause: String?) throws(StoreError)
    /// A task callback for the service: success (with output), failure, or heartbeat.
    func enqueueTaskCallback(executionId: Int64, task: Int, kind: ControlRequest.Kind, output: String?, error: String?, cause: String?)
        throws(StoreError)
    /// The execution and task waiting for `token`, if any.
    func task(token: String) throws(StoreError) -> (executionId: Int64, task: Int)?
    /// Every request not yet handled, oldest first.
    func requests() throws(StoreError) -> [ControlRequest]
    func deleteRequest(id: Int64) throws(StoreError)
}
