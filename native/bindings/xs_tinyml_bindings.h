/*
 * tinyml-xs: helpers shared by the XS bindings of the native kernels (native/bindings/xs_tinyml_*.c),
 * defined once in xs_tinyml_bindings.c (one copy in a firmware, not one per binding file).
 *
 * Only the xsmc API, so that the bindings build both in the simulator and with Moddable's
 * mcconfig. A binding first fetches every argument from a table of them (xs_tinyml_get_buffers:
 * types, then element sizes and alignment), then runs the kernel's validation on the byte lengths,
 * checks that the buffers the kernel writes overlap nothing (xs_tinyml_check_apart), and only then
 * lets the kernel touch memory. Every failure throws a TypeError (wrong argument type or count) or a
 * RangeError (shapes, sizes, parameters) whose message names the native and the argument.
 *
 * Buffer arguments are "byte buffers": ArrayBuffers, DataViews, host buffers or 8-bit typed arrays
 * (what xsmcGetBufferReadable accepts); int32 data (params, bias) is passed as its bytes. XS keeps
 * error messages to 128 bytes (with the function name in debug builds): keep them short.
 */
#ifndef XS_TINYML_BINDINGS_H
#define XS_TINYML_BINDINGS_H

#include <stdint.h>
#include <stddef.h>
#include "xsmc.h"
#include "../kernels/tinyml_kernels.h"

typedef struct {
	void* data;
	size_t size;
	int present; /* 0 for an omitted optional argument (null or undefined) */
} xs_tinyml_buffer;

/* How an error message names a value of this type ("a number", "null", ...). */
const char* xs_tinyml_type_name(xsType type);

/* Throws a TypeError unless the native got at least `count` arguments. */
void xs_tinyml_check_argc(xsMachine* the, const char* fn, int count);

/*
 * Argument `index` as a buffer: an ArrayBuffer, a DataView, a host buffer or an 8-bit typed array
 * (writable ones when `writable`); null or undefined when `optional`. Throws a TypeError naming it otherwise.
 */
xs_tinyml_buffer xs_tinyml_get_buffer(xsMachine* the, const char* fn, int index, const char* name, int writable, int optional);

/*
 * Data of `width`-byte elements (int16 2, int32 and uint32 4) passed as bytes: a whole number of
 * aligned elements (the kernels read them through int16_t / int32_t pointers). An absent buffer passes.
 */
void xs_tinyml_check_elements(xsMachine* the, const char* fn, const char* name, const xs_tinyml_buffer* buffer, size_t width);

/* Throws a RangeError for a failed validation. */
void xs_tinyml_check_status(xsMachine* the, const char* fn, tinyml_status status, const char* field);

/* One buffer argument as xs_tinyml_get_buffers reads it: its name, how, and its elements. */
typedef struct {
	const char* name;
	uint8_t flags; /* XS_TINYML_WRITABLE, XS_TINYML_OPTIONAL, XS_TINYML_TRAILING */
	uint8_t width; /* 1: bytes; 2 or 4: whole aligned elements of that width; XS_TINYML_ALIGNED: 4-byte aligned, any length */
} xs_tinyml_arg;

#define XS_TINYML_WRITABLE 1
#define XS_TINYML_OPTIONAL 2
/* Optional, and may be left out too (only last arguments: a kernel's scratch). */
#define XS_TINYML_TRAILING (XS_TINYML_OPTIONAL | 4)
#define XS_TINYML_ALIGNED 0x84

/*
 * Arguments 0..count-1 of a native, all buffers: at least as many arguments as `args` has before its
 * trailing ones, each read as its entry says (xs_tinyml_get_buffer; left out: absent), then each
 * one's elements checked (xs_tinyml_check_elements), in that order. Throws a TypeError or RangeError naming the problem.
 */
void xs_tinyml_get_buffers(xsMachine* the, const char* fn, const xs_tinyml_arg* args, int count, xs_tinyml_buffer* out);

/* Throws a RangeError when buffer `index` (one the kernel writes) overlaps another of the count read by xs_tinyml_get_buffers. */
void xs_tinyml_check_apart(xsMachine* the, const char* fn, const xs_tinyml_arg* args, int count, const xs_tinyml_buffer* buffers, int index);

/*
 * The arguments of the conv-like kernels (conv, depthwise, fully connected), in this order:
 * params, input, filter, bias (optional), output, scratch (trailing); input and output int8 or int16.
 */
enum { XS_TINYML_CONV_PARAMS, XS_TINYML_CONV_INPUT, XS_TINYML_CONV_FILTER, XS_TINYML_CONV_BIAS, XS_TINYML_CONV_OUTPUT, XS_TINYML_CONV_SCRATCH, XS_TINYML_CONV_ARGS };
extern const xs_tinyml_arg xs_tinyml_conv_int8_args[XS_TINYML_CONV_ARGS];
extern const xs_tinyml_arg xs_tinyml_conv_int16_args[XS_TINYML_CONV_ARGS];

/* The arguments of the pools (params, input, output, scratch), add and sub (params, input1, input2, output, scratch), softmax int8 (params, input, output). */
extern const xs_tinyml_arg xs_tinyml_pool_args[4];
extern const xs_tinyml_arg xs_tinyml_add_args[5];
extern const xs_tinyml_arg xs_tinyml_softmax_args[3];

/* A conv-like kernel's validation (native/kernels/tinyml_kernels.h): params, their count and the buffers' sizes. */
typedef tinyml_status (*xs_tinyml_conv_validate)(const int32_t*, size_t, size_t, size_t, size_t, size_t, size_t, const char**);

/*
 * Runs a conv-like kernel's validation on its arguments `b` (read with `args`), then checks that
 * neither the output nor the scratch overlaps another argument. Throws a RangeError naming the problem.
 */
void xs_tinyml_check_conv(xsMachine* the, const char* fn, const xs_tinyml_arg* args, const xs_tinyml_buffer* b, xs_tinyml_conv_validate validate);

/* An int8 conv-like kernel (native/kernels/tinyml_kernels.h). */
typedef void (*xs_tinyml_conv_int8_kernel)(const int32_t*, const int8_t*, const int8_t*, const int32_t*, int8_t*, void*);

/* Reads and checks (params, input, filter, bias, output[, scratch]) of an int8 conv-like kernel with `validate`, then runs `kernel` on them. */
void xs_tinyml_run_conv_int8(xsMachine* the, const char* fn, xs_tinyml_conv_validate validate, xs_tinyml_conv_int8_kernel kernel);

/*
 * A scratch-size query: the packed params (argument 0: int32 bytes, at least `header` values), and
 * `bytes` of them as the result (0: none; -1: a layer this build leaves out). Throws a TypeError
 * or RangeError naming the problem otherwise.
 */
void xs_tinyml_scratch_query(xsMachine* the, const char* fn, size_t header, size_t (*bytes)(const int32_t*));

#endif /* XS_TINYML_BINDINGS_H */
