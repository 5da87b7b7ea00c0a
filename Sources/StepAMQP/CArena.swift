internal import CRabbitMQ

/// C memory for one library call: strings, tables and properties built from Swift values, freed together when
/// the arena goes away. rabbitmq-c only reads these buffers during the call, so an arena never outlives it.
final class CArena {
    private var blocks: [UnsafeMutableRawPointer] = []

    deinit {
        for block in blocks { block.deallocate() }
    }

    /// A copy of `bytes` (a `nil` pointer for no bytes).
    func bytes(_ bytes: some Collection<UInt8>) -> amqp_bytes_t {
        let count = bytes.count
        guard count > 0 else { return amqp_bytes_t(len: 0, bytes: nil) }
        let block = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 1)
        blocks.append(block)
        let buffer = UnsafeMutableRawBufferPointer(start: block, count: count)
        buffer.copyBytes(from: bytes)
        return amqp_bytes_t(len: count, bytes: block)
    }

    /// A copy of `string`'s UTF-8.
    func bytes(_ string: String) -> amqp_bytes_t { bytes(string.utf8) }

    /// An AMQP short string (exchange, queue, routing key, consumer tag, property): at most 255 bytes.
    func shortString(_ string: String, _ what: String) throws -> amqp_bytes_t {
        guard string.utf8.count <= 255 else {
            throw AMQPError(.invalidArgument, "\(what) is \(string.utf8.count) bytes long (AMQP allows 255)")
        }
        return bytes(string)
    }

    /// A NUL-terminated copy of `string`, for the few calls that take C strings.
    func cString(_ string: String) -> UnsafePointer<CChar> {
        let utf8 = Array(string.utf8)
        let block = UnsafeMutableRawPointer.allocate(byteCount: utf8.count + 1, alignment: 1)
        blocks.append(block)
        let chars = block.bindMemory(to: CChar.self, capacity: utf8.count + 1)
        for (i, b) in utf8.enumerated() { chars[i] = CChar(bitPattern: b) }
        chars[utf8.count] = 0
        return UnsafePointer(chars)
    }

    /// A field table (keys sorted, so the encoding is deterministic).
    func table(_ entries: [String: AMQPFieldValue]) throws -> amqp_table_t {
        guard !entries.isEmpty else { return amqp_table_t(num_entries: 0, entries: nil) }
        let stride = MemoryLayout<amqp_table_entry_t>.stride
        let block = UnsafeMutableRawPointer.allocate(
            byteCount: stride * entries.count, alignment: MemoryLayout<amqp_table_entry_t>.alignment)
        blocks.append(block)
        let typed = block.bindMemory(to: amqp_table_entry_t.self, capacity: entries.count)
        for (i, (key, value)) in entries.sorted(by: { $0.key < $1.key }).enumerated() {
            let entry = amqp_table_entry_t(key: try shortString(key, "table key"), value: try field(value))
            (typed + i).initialize(to: entry)
        }
        return amqp_table_t(num_entries: Int32(entries.count), entries: typed)
    }

    /// One field value.
    func field(_ value: AMQPFieldValue) throws -> amqp_field_value_t {
        switch value {
        case .string(let s): return crabbitmq_field_utf8(bytes(s))
        case .bytes(let b): return crabbitmq_field_bytes(bytes(b))
        case .int(let i): return crabbitmq_field_i64(i)
        case .bool(let b): return crabbitmq_field_bool(b ? 1 : 0)
        case .double(let d): return crabbitmq_field_f64(d)
        case .timestamp(let t): return crabbitmq_field_i64(Int64(clamping: t))
        case .table(let t): return crabbitmq_field_table(try table(t))
        case .array(let items):
            guard !items.isEmpty else {
                return crabbitmq_field_array(amqp_array_t(num_entries: 0, entries: nil))
            }
            let block = UnsafeMutableRawPointer.allocate(
                byteCount: MemoryLayout<amqp_field_value_t>.stride * items.count,
                alignment: MemoryLayout<amqp_field_value_t>.alignment)
            blocks.append(block)
            let typed = block.bindMemory(to: amqp_field_value_t.self, capacity: items.count)
            for (i, item) in items.enumerated() { (typed + i).initialize(to: try field(item)) }
            return crabbitmq_field_array(amqp_array_t(num_entries: Int32(items.count), entries: typed))
        case .void: return crabbitmq_field_void()
        }
    }

    /// The content header for `basic.publish`.
    func properties(_ p: AMQPProperties) throws -> amqp_basic_properties_t {
        var c = amqp_basic_properties_t()
        var flags: amqp_flags_t = 0
        func short(_ value: String?, _ flag: amqp_flags_t, _ what: String) throws -> amqp_bytes_t {
            guard let value else { return amqp_bytes_t(len: 0, bytes: nil) }
            flags |= flag
            return try shortString(value, what)
        }
        c.content_type = try short(p.contentType, crabbitmq_flag_content_type, "content type")
        c.content_encoding = try short(p.contentEncoding, crabbitmq_flag_content_encoding, "content encoding")
        if !p.headers.isEmpty {
            flags |= crabbitmq_flag_headers
            c.headers = try table(p.headers)
        }
        if let persistent = p.persistent {
            flags |= crabbitmq_flag_delivery_mode
            c.delivery_mode = persistent ? crabbitmq_delivery_persistent : crabbitmq_delivery_nonpersistent
        }
        if let priority = p.priority {
            flags |= crabbitmq_flag_priority
            c.priority = priority
        }
        c.correlation_id = try short(p.correlationID, crabbitmq_flag_correlation_id, "correlation id")
        c.reply_to = try short(p.replyTo, crabbitmq_flag_reply_to, "reply-to")
        c.expiration = try short(p.expiration, crabbitmq_flag_expiration, "expiration")
        c.message_id = try short(p.messageID, crabbitmq_flag_message_id, "message id")
        if let timestamp = p.timestamp {
            flags |= crabbitmq_flag_timestamp
            c.timestamp = timestamp
        }
        c.type = try short(p.type, crabbitmq_flag_type, "type")
        c.user_id = try short(p.userID, crabbitmq_flag_user_id, "user id")
        c.app_id = try short(p.appID, crabbitmq_flag_app_id, "app id")
        c._flags = flags
        return c
    }
}
