// Building and reading amqp_field_value_t (its value is an anonymous union) for Swift. Included by shim.h.
#ifndef STEPLINE_CRABBITMQ_FIELDS_H
#define STEPLINE_CRABBITMQ_FIELDS_H

#include <amqp.h>
#include <stdint.h>
#include <string.h>

static inline amqp_field_value_t crabbitmq_field_utf8(amqp_bytes_t bytes) {
    amqp_field_value_t v; memset(&v, 0, sizeof(v)); v.kind = AMQP_FIELD_KIND_UTF8; v.value.bytes = bytes; return v;
}
static inline amqp_field_value_t crabbitmq_field_bytes(amqp_bytes_t bytes) {
    amqp_field_value_t v; memset(&v, 0, sizeof(v)); v.kind = AMQP_FIELD_KIND_BYTES; v.value.bytes = bytes; return v;
}
static inline amqp_field_value_t crabbitmq_field_i64(int64_t i) {
    amqp_field_value_t v; memset(&v, 0, sizeof(v)); v.kind = AMQP_FIELD_KIND_I64; v.value.i64 = i; return v;
}
static inline amqp_field_value_t crabbitmq_field_bool(int b) {
    amqp_field_value_t v; memset(&v, 0, sizeof(v)); v.kind = AMQP_FIELD_KIND_BOOLEAN; v.value.boolean = b != 0; return v;
}
static inline amqp_field_value_t crabbitmq_field_f64(double d) {
    amqp_field_value_t v; memset(&v, 0, sizeof(v)); v.kind = AMQP_FIELD_KIND_F64; v.value.f64 = d; return v;
}
static inline amqp_field_value_t crabbitmq_field_table(amqp_table_t table) {
    amqp_field_value_t v; memset(&v, 0, sizeof(v)); v.kind = AMQP_FIELD_KIND_TABLE; v.value.table = table; return v;
}
static inline amqp_field_value_t crabbitmq_field_array(amqp_array_t array) {
    amqp_field_value_t v; memset(&v, 0, sizeof(v)); v.kind = AMQP_FIELD_KIND_ARRAY; v.value.array = array; return v;
}
static inline amqp_field_value_t crabbitmq_field_void(void) {
    amqp_field_value_t v; memset(&v, 0, sizeof(v)); v.kind = AMQP_FIELD_KIND_VOID; return v;
}

/// The kinds a decoded value is read as, in Swift: 0 void, 1 bool, 2 signed, 3 unsigned, 4 float, 5 string
/// (UTF-8), 6 bytes, 7 table, 8 array, 9 timestamp, 10 decimal (read as float).
static inline int crabbitmq_field_class(const amqp_field_value_t *v) {
    switch (v->kind) {
    case AMQP_FIELD_KIND_BOOLEAN: return 1;
    case AMQP_FIELD_KIND_I8: case AMQP_FIELD_KIND_I16: case AMQP_FIELD_KIND_I32: case AMQP_FIELD_KIND_I64: return 2;
    case AMQP_FIELD_KIND_U8: case AMQP_FIELD_KIND_U16: case AMQP_FIELD_KIND_U32: case AMQP_FIELD_KIND_U64: return 3;
    case AMQP_FIELD_KIND_F32: case AMQP_FIELD_KIND_F64: return 4;
    case AMQP_FIELD_KIND_UTF8: return 5;
    case AMQP_FIELD_KIND_BYTES: return 6;
    case AMQP_FIELD_KIND_TABLE: return 7;
    case AMQP_FIELD_KIND_ARRAY: return 8;
    case AMQP_FIELD_KIND_TIMESTAMP: return 9;
    case AMQP_FIELD_KIND_DECIMAL: return 10;
    default: return 0;
    }
}
static inline int crabbitmq_field_get_bool(const amqp_field_value_t *v) { return v->value.boolean != 0; }
static inline int64_t crabbitmq_field_get_signed(const amqp_field_value_t *v) {
    switch (v->kind) {
    case AMQP_FIELD_KIND_I8: return v->value.i8;
    case AMQP_FIELD_KIND_I16: return v->value.i16;
    case AMQP_FIELD_KIND_I32: return v->value.i32;
    default: return v->value.i64;
    }
}
static inline uint64_t crabbitmq_field_get_unsigned(const amqp_field_value_t *v) {
    switch (v->kind) {
    case AMQP_FIELD_KIND_U8: return v->value.u8;
    case AMQP_FIELD_KIND_U16: return v->value.u16;
    case AMQP_FIELD_KIND_U32: return v->value.u32;
    default: return v->value.u64;
    }
}
static inline double crabbitmq_field_get_double(const amqp_field_value_t *v) {
    if (v->kind == AMQP_FIELD_KIND_F32) return v->value.f32;
    if (v->kind == AMQP_FIELD_KIND_DECIMAL) {
        double d = (double)v->value.decimal.value;
        for (uint8_t i = 0; i < v->value.decimal.decimals; i++) d /= 10.0;
        return d;
    }
    return v->value.f64;
}
static inline amqp_bytes_t crabbitmq_field_get_bytes(const amqp_field_value_t *v) { return v->value.bytes; }
static inline amqp_table_t crabbitmq_field_get_table(const amqp_field_value_t *v) { return v->value.table; }
static inline amqp_array_t crabbitmq_field_get_array(const amqp_field_value_t *v) { return v->value.array; }

#endif
