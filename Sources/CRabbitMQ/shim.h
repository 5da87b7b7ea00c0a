// rabbitmq-c (librabbitmq 0.11+) for Swift. Only Sources/StepAMQP imports this module.
//
// Swift cannot call variadic C functions (amqp_login), import casts in macros (the method numbers), read
// anonymous unions comfortably, or use `struct timeval` the same way on Linux and Darwin: the static inline
// helpers below cover exactly those, plus poll(2) on the socket and a wake-up pipe for the client's thread.
#ifndef STEPLINE_CRABBITMQ_SHIM_H
#define STEPLINE_CRABBITMQ_SHIM_H

#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <amqp_ssl_socket.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

// MARK: Constants (macros with casts or shifts)

static const amqp_method_number_t crabbitmq_connection_close = AMQP_CONNECTION_CLOSE_METHOD;
static const amqp_method_number_t crabbitmq_connection_close_ok = AMQP_CONNECTION_CLOSE_OK_METHOD;
static const amqp_method_number_t crabbitmq_connection_blocked = AMQP_CONNECTION_BLOCKED_METHOD;
static const amqp_method_number_t crabbitmq_connection_unblocked = AMQP_CONNECTION_UNBLOCKED_METHOD;
static const amqp_method_number_t crabbitmq_channel_close = AMQP_CHANNEL_CLOSE_METHOD;
static const amqp_method_number_t crabbitmq_channel_close_ok = AMQP_CHANNEL_CLOSE_OK_METHOD;
static const amqp_method_number_t crabbitmq_basic_deliver = AMQP_BASIC_DELIVER_METHOD;
static const amqp_method_number_t crabbitmq_basic_ack = AMQP_BASIC_ACK_METHOD;
static const amqp_method_number_t crabbitmq_basic_nack = AMQP_BASIC_NACK_METHOD;
static const amqp_method_number_t crabbitmq_basic_return = AMQP_BASIC_RETURN_METHOD;
static const amqp_method_number_t crabbitmq_basic_cancel = AMQP_BASIC_CANCEL_METHOD;

static const uint8_t crabbitmq_frame_method = AMQP_FRAME_METHOD;
static const uint8_t crabbitmq_frame_header = AMQP_FRAME_HEADER;
static const uint8_t crabbitmq_frame_body = AMQP_FRAME_BODY;
static const uint8_t crabbitmq_frame_heartbeat = AMQP_FRAME_HEARTBEAT;

static const amqp_flags_t crabbitmq_flag_content_type = AMQP_BASIC_CONTENT_TYPE_FLAG;
static const amqp_flags_t crabbitmq_flag_content_encoding = AMQP_BASIC_CONTENT_ENCODING_FLAG;
static const amqp_flags_t crabbitmq_flag_headers = AMQP_BASIC_HEADERS_FLAG;
static const amqp_flags_t crabbitmq_flag_delivery_mode = AMQP_BASIC_DELIVERY_MODE_FLAG;
static const amqp_flags_t crabbitmq_flag_priority = AMQP_BASIC_PRIORITY_FLAG;
static const amqp_flags_t crabbitmq_flag_correlation_id = AMQP_BASIC_CORRELATION_ID_FLAG;
static const amqp_flags_t crabbitmq_flag_reply_to = AMQP_BASIC_REPLY_TO_FLAG;
static const amqp_flags_t crabbitmq_flag_expiration = AMQP_BASIC_EXPIRATION_FLAG;
static const amqp_flags_t crabbitmq_flag_message_id = AMQP_BASIC_MESSAGE_ID_FLAG;
static const amqp_flags_t crabbitmq_flag_timestamp = AMQP_BASIC_TIMESTAMP_FLAG;
static const amqp_flags_t crabbitmq_flag_type = AMQP_BASIC_TYPE_FLAG;
static const amqp_flags_t crabbitmq_flag_user_id = AMQP_BASIC_USER_ID_FLAG;
static const amqp_flags_t crabbitmq_flag_app_id = AMQP_BASIC_APP_ID_FLAG;

static const uint8_t crabbitmq_delivery_persistent = AMQP_DELIVERY_PERSISTENT;
static const uint8_t crabbitmq_delivery_nonpersistent = AMQP_DELIVERY_NONPERSISTENT;

// MARK: Status codes (one enum, read as plain ints)

static const int crabbitmq_status_ok = AMQP_STATUS_OK;
static const int crabbitmq_status_connection_closed = AMQP_STATUS_CONNECTION_CLOSED;
static const int crabbitmq_status_socket_closed = AMQP_STATUS_SOCKET_CLOSED;
static const int crabbitmq_status_socket_error = AMQP_STATUS_SOCKET_ERROR;
static const int crabbitmq_status_hostname_resolution_failed = AMQP_STATUS_HOSTNAME_RESOLUTION_FAILED;
static const int crabbitmq_status_timeout = AMQP_STATUS_TIMEOUT;
static const int crabbitmq_status_heartbeat_timeout = AMQP_STATUS_HEARTBEAT_TIMEOUT;
static const int crabbitmq_status_unexpected_state = AMQP_STATUS_UNEXPECTED_STATE;
static const int crabbitmq_status_bad_url = AMQP_STATUS_BAD_URL;
static const int crabbitmq_status_invalid_parameter = AMQP_STATUS_INVALID_PARAMETER;
static const int crabbitmq_status_tcp_error = AMQP_STATUS_TCP_ERROR;
static const int crabbitmq_status_ssl_error = AMQP_STATUS_SSL_ERROR;
static const int crabbitmq_status_ssl_hostname_verify_failed = AMQP_STATUS_SSL_HOSTNAME_VERIFY_FAILED;
static const int crabbitmq_status_ssl_peer_verify_failed = AMQP_STATUS_SSL_PEER_VERIFY_FAILED;
static const int crabbitmq_status_ssl_connection_failed = AMQP_STATUS_SSL_CONNECTION_FAILED;

/// Whether a status is one of the TCP or TLS family (-0x01xx, -0x02xx).
static inline int crabbitmq_status_is_socket_family(int status) {
    return status <= AMQP_STATUS_TCP_ERROR && status > -0x0300;
}

// MARK: RPC replies (amqp_rpc_reply_t)

static const int crabbitmq_response_none = AMQP_RESPONSE_NONE;
static const int crabbitmq_response_normal = AMQP_RESPONSE_NORMAL;
static const int crabbitmq_response_library_exception = AMQP_RESPONSE_LIBRARY_EXCEPTION;
static const int crabbitmq_response_server_exception = AMQP_RESPONSE_SERVER_EXCEPTION;

static inline int crabbitmq_reply_type(amqp_rpc_reply_t reply) { return (int)reply.reply_type; }
static inline int crabbitmq_reply_library_error(amqp_rpc_reply_t reply) { return reply.library_error; }
static inline amqp_method_number_t crabbitmq_reply_method(amqp_rpc_reply_t reply) { return reply.reply.id; }

/// A reply standing for a plain library status, so that statuses and replies share one checking function.
static inline amqp_rpc_reply_t crabbitmq_reply_from_status(int status) {
    amqp_rpc_reply_t reply;
    memset(&reply, 0, sizeof(reply));
    reply.reply_type = status == AMQP_STATUS_OK ? AMQP_RESPONSE_NORMAL : AMQP_RESPONSE_LIBRARY_EXCEPTION;
    reply.library_error = status;
    return reply;
}

/// The reply code of a connection.close or channel.close method (0 for anything else).
static inline uint16_t crabbitmq_close_code(amqp_method_t method) {
    if (method.decoded == NULL) return 0;
    if (method.id == AMQP_CONNECTION_CLOSE_METHOD) return ((amqp_connection_close_t *)method.decoded)->reply_code;
    if (method.id == AMQP_CHANNEL_CLOSE_METHOD) return ((amqp_channel_close_t *)method.decoded)->reply_code;
    return 0;
}

/// The reply text of a connection.close or channel.close method (empty for anything else).
static inline amqp_bytes_t crabbitmq_close_text(amqp_method_t method) {
    if (method.decoded != NULL) {
        if (method.id == AMQP_CONNECTION_CLOSE_METHOD) return ((amqp_connection_close_t *)method.decoded)->reply_text;
        if (method.id == AMQP_CHANNEL_CLOSE_METHOD) return ((amqp_channel_close_t *)method.decoded)->reply_text;
    }
    return amqp_empty_bytes;
}

/// A server-exception reply standing for a method the broker sent unasked (channel.close, connection.close).
static inline amqp_rpc_reply_t crabbitmq_reply_from_method(amqp_method_t method) {
    amqp_rpc_reply_t reply;
    memset(&reply, 0, sizeof(reply));
    reply.reply_type = AMQP_RESPONSE_SERVER_EXCEPTION;
    reply.reply = method;
    return reply;
}

/// The method a reply carries (valid for AMQP_RESPONSE_SERVER_EXCEPTION).
static inline amqp_method_t crabbitmq_reply_method_full(amqp_rpc_reply_t reply) { return reply.reply; }

// MARK: Connecting (variadic login, timeouts in milliseconds; -1 = none)

static inline struct timeval crabbitmq_timeval(int ms) {
    struct timeval tv;
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    return tv;
}

static inline int crabbitmq_socket_open_ms(amqp_socket_t *socket, const char *host, int port, int timeout_ms) {
    if (timeout_ms < 0) return amqp_socket_open(socket, host, port);
    struct timeval tv = crabbitmq_timeval(timeout_ms);
    return amqp_socket_open_noblock(socket, host, port, &tv);
}

static inline int crabbitmq_set_rpc_timeout_ms(amqp_connection_state_t state, int timeout_ms) {
    if (timeout_ms < 0) return amqp_set_rpc_timeout(state, NULL);
    struct timeval tv = crabbitmq_timeval(timeout_ms);
    return amqp_set_rpc_timeout(state, &tv);
}

static inline int crabbitmq_set_handshake_timeout_ms(amqp_connection_state_t state, int timeout_ms) {
    if (timeout_ms < 0) return amqp_set_handshake_timeout(state, NULL);
    struct timeval tv = crabbitmq_timeval(timeout_ms);
    return amqp_set_handshake_timeout(state, &tv);
}

/// amqp_login_with_properties with SASL PLAIN (the function is variadic).
static inline amqp_rpc_reply_t crabbitmq_login_plain(amqp_connection_state_t state, const char *vhost,
                                                     int channel_max, int frame_max, int heartbeat,
                                                     const amqp_table_t *properties,
                                                     const char *user, const char *password) {
    return amqp_login_with_properties(state, vhost, channel_max, frame_max, heartbeat, properties,
                                      AMQP_SASL_METHOD_PLAIN, user, password);
}

// MARK: Frames and messages

static inline int crabbitmq_consume_message_ms(amqp_connection_state_t state, amqp_envelope_t *envelope,
                                               int timeout_ms, amqp_rpc_reply_t *reply) {
    if (timeout_ms < 0) {
        *reply = amqp_consume_message(state, envelope, NULL, 0);
    } else {
        struct timeval tv = crabbitmq_timeval(timeout_ms);
        *reply = amqp_consume_message(state, envelope, &tv, 0);
    }
    return (int)reply->reply_type;
}

static inline int crabbitmq_wait_frame_ms(amqp_connection_state_t state, amqp_frame_t *frame, int timeout_ms) {
    if (timeout_ms < 0) return amqp_simple_wait_frame(state, frame);
    struct timeval tv = crabbitmq_timeval(timeout_ms);
    return amqp_simple_wait_frame_noblock(state, frame, &tv);
}

/// Sends a close-ok for a connection.close or channel.close the broker sent.
static inline int crabbitmq_send_close_ok(amqp_connection_state_t state, amqp_channel_t channel, int connection) {
    if (connection) {
        amqp_connection_close_ok_t ok;
        ok.dummy = 0;
        return amqp_send_method(state, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &ok);
    }
    amqp_channel_close_ok_t ok;
    ok.dummy = 0;
    return amqp_send_method(state, channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok);
}

static inline amqp_basic_ack_t crabbitmq_method_ack(amqp_method_t method) {
    return *(amqp_basic_ack_t *)method.decoded;
}
static inline amqp_basic_nack_t crabbitmq_method_nack(amqp_method_t method) {
    return *(amqp_basic_nack_t *)method.decoded;
}
static inline amqp_basic_return_t crabbitmq_method_return(amqp_method_t method) {
    return *(amqp_basic_return_t *)method.decoded;
}
static inline amqp_basic_cancel_t crabbitmq_method_cancel(amqp_method_t method) {
    return *(amqp_basic_cancel_t *)method.decoded;
}

/// Whether the library holds data or frames that a poll(2) on the socket would not see.
static inline int crabbitmq_has_buffered_input(amqp_connection_state_t state) {
    return amqp_data_in_buffer(state) || amqp_frames_enqueued(state);
}

#include "fields.h"
#include "io.h"

#endif
