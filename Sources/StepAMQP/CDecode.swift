internal import CRabbitMQ

/// Swift values copied out of rabbitmq-c's structures (which live in the library's pools until the next call).
enum CDecode {
    /// The bytes.
    static func bytes(_ b: amqp_bytes_t) -> [UInt8] {
        guard b.len > 0, let p = b.bytes else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: b.len))
    }

    /// The bytes as a string (invalid UTF-8 is repaired, never refused).
    static func string(_ b: amqp_bytes_t) -> String {
        guard b.len > 0, let p = b.bytes else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: p, count: b.len), as: UTF8.self)
    }

    /// A field table.
    static func table(_ t: amqp_table_t) -> [String: AMQPFieldValue] {
        guard t.num_entries > 0, let entries = t.entries else { return [:] }
        var result: [String: AMQPFieldValue] = [:]
        result.reserveCapacity(Int(t.num_entries))
        for i in 0..<Int(t.num_entries) {
            let entry = entries + i
            result[string(entry.pointee.key)] = withUnsafePointer(to: entry.pointee.value) { field($0) }
        }
        return result
    }

    /// One field value.
    static func field(_ v: UnsafePointer<amqp_field_value_t>) -> AMQPFieldValue {
        switch crabbitmq_field_class(v) {
        case 1: return .bool(crabbitmq_field_get_bool(v) != 0)
        case 2: return .int(crabbitmq_field_get_signed(v))
        case 3: return .int(Int64(clamping: crabbitmq_field_get_unsigned(v)))
        case 4, 10: return .double(crabbitmq_field_get_double(v))
        case 5: return .string(string(crabbitmq_field_get_bytes(v)))
        case 6: return .bytes(bytes(crabbitmq_field_get_bytes(v)))
        case 7: return .table(table(crabbitmq_field_get_table(v)))
        case 8:
            let a = crabbitmq_field_get_array(v)
            guard a.num_entries > 0, let entries = a.entries else { return .array([]) }
            return .array((0..<Int(a.num_entries)).map { field(entries + $0) })
        case 9: return .timestamp(crabbitmq_field_get_unsigned(v))
        default: return .void
        }
    }

    /// A content header.
    static func properties(_ c: amqp_basic_properties_t) -> AMQPProperties {
        let f = c._flags
        func has(_ flag: amqp_flags_t) -> Bool { f & flag != 0 }
        func text(_ flag: amqp_flags_t, _ b: amqp_bytes_t) -> String? { has(flag) ? string(b) : nil }
        var p = AMQPProperties()
        p.contentType = text(crabbitmq_flag_content_type, c.content_type)
        p.contentEncoding = text(crabbitmq_flag_content_encoding, c.content_encoding)
        if has(crabbitmq_flag_headers) { p.headers = table(c.headers) }
        if has(crabbitmq_flag_delivery_mode) { p.persistent = c.delivery_mode == crabbitmq_delivery_persistent }
        if has(crabbitmq_flag_priority) { p.priority = c.priority }
        p.correlationID = text(crabbitmq_flag_correlation_id, c.correlation_id)
        p.replyTo = text(crabbitmq_flag_reply_to, c.reply_to)
        p.expiration = text(crabbitmq_flag_expiration, c.expiration)
        p.messageID = text(crabbitmq_flag_message_id, c.message_id)
        if has(crabbitmq_flag_timestamp) { p.timestamp = c.timestamp }
        p.type = text(crabbitmq_flag_type, c.type)
        p.userID = text(crabbitmq_flag_user_id, c.user_id)
        p.appID = text(crabbitmq_flag_app_id, c.app_id)
        return p
    }
}
