internal import CRabbitMQ

extension AMQPConnection {
    /// The one place where rabbitmq-c's results are checked: `amqp_rpc_reply_t` from RPCs and
    /// `amqp_get_rpc_reply`, and (through ``check(status:_:)``) every plain `AMQP_STATUS_*`.
    ///
    /// Returns when the reply is normal. Otherwise it answers the broker when the broker closed something
    /// (`channel.close-ok`, `connection.close-ok`), updates the connection's state (channel gone, connection
    /// gone) and throws the matching ``AMQPError``. `channel` is the channel the call was made on.
    func check(_ reply: amqp_rpc_reply_t, _ context: String, channel: UInt16 = 0) throws {
        let type = crabbitmq_reply_type(reply)
        if type == crabbitmq_response_normal { return }
        let error: AMQPError
        if type == crabbitmq_response_library_exception {
            let status = crabbitmq_reply_library_error(reply)
            error = Self.error(status: status, context: context)
        } else if type == crabbitmq_response_server_exception {
            let method = crabbitmq_reply_method_full(reply)
            let code = crabbitmq_close_code(method)
            let text = CDecode.string(crabbitmq_close_text(method))
            if method.id == crabbitmq_connection_close {
                if !destroyed { _ = crabbitmq_send_close_ok(state, 0, 1) }
                error = AMQPError(.connectionClosed, text, context: context, replyCode: code)
            } else if method.id == crabbitmq_channel_close {
                if !destroyed { _ = crabbitmq_send_close_ok(state, channel, 0) }
                error = AMQPError(.channelClosed, text, context: context, replyCode: code, channel: channel)
            } else {
                let hex = String(method.id, radix: 16)
                error = AMQPError(.library, "unexpected method 0x\(hex) in reply", context: context)
            }
        } else {
            error = AMQPError(.library, "no reply (the call was not made)", context: context)
        }
        switch error.code {
        case .channelClosed:
            openChannels.remove(channel)
            confirms[channel] = nil
        case .connectionClosed, .socketError, .timeout, .library:
            isOpen = false
        default:
            break
        }
        throw error
    }

    /// Checks a plain library status (`AMQP_STATUS_OK` or a negative `AMQP_STATUS_*`) through ``check(_:_:channel:)``.
    func check(status: Int32, _ context: String, channel: UInt16 = 0) throws {
        guard status != crabbitmq_status_ok else { return }
        try check(crabbitmq_reply_from_status(status), context, channel: channel)
    }

    /// Checks the reply of the last RPC (`amqp_get_rpc_reply`), after a call that returned a decoded method.
    func checkRPC(_ context: String, channel: UInt16) throws {
        try check(amqp_get_rpc_reply(state), context, channel: channel)
    }

    /// The error for a library status.
    private static func error(status: Int32, context: String) -> AMQPError {
        let text = amqp_error_string2(status).map { String(cString: $0) } ?? "status \(status)"
        let code: AMQPError.Code
        switch status {
        case crabbitmq_status_connection_closed, crabbitmq_status_socket_closed: code = .connectionClosed
        case crabbitmq_status_timeout, crabbitmq_status_heartbeat_timeout: code = .timeout
        case crabbitmq_status_socket_error, crabbitmq_status_hostname_resolution_failed: code = .socketError
        case crabbitmq_status_bad_url, crabbitmq_status_invalid_parameter: code = .invalidArgument
        default: code = crabbitmq_status_is_socket_family(status) != 0 ? .socketError : .library
        }
        return AMQPError(code, text, context: context, libraryStatus: status)
    }
}
