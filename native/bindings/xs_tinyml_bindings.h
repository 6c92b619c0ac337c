/*
 * tinyml-xs: helpers shared by the XS bindings of the native kernels (native/bindings/xs_tinyml_*.c),
 * defined once in xs_tinyml_bindings.c (one copy in a firmware, not one per binding file).
 *
 * Only the xsmc API, so that the bindings build both in the simulator and with Moddable's
 * mcconfig. A binding first fetches every argument (xs_tinyml_buffer: type checks only), then runs
 * the kernel's validation on the byte lengths, checks alignment and overlap, and only then lets
 * the kernel touch memory. Every failure throws a TypeError (wrong argument type or count) or a
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

/* int32 data passed as bytes: a whole number of 4-byte-aligned int32 values. */
void xs_tinyml_check_int32(xsMachine* the, const char* fn, const char* name, const xs_tinyml_buffer* buffer);

/*
 * Data of `width`-byte elements (int16 2, uint32 4) passed as bytes: a whole number of aligned
 * elements (the kernels read them through int16_t / uint32_t pointers).
 */
void xs_tinyml_check_elements(xsMachine* the, const char* fn, const char* name, const xs_tinyml_buffer* buffer, size_t width);

/* Throws a RangeError for a failed validation. */
void xs_tinyml_check_status(xsMachine* the, const char* fn, tinyml_status status, const char* field);

/* Throws a RangeError when the bytes of `written` (a buffer the kernel writes) overlap another argument's. */
void xs_tinyml_check_disjoint(xsMachine* the, const char* fn, const xs_tinyml_buffer* written, const char* written_name, const xs_tinyml_buffer* other, const char* name);

/* Throws a RangeError when the output's bytes overlap another argument's. */
static inline void xs_tinyml_check_overlap(xsMachine* the, const char* fn, const xs_tinyml_buffer* output, const xs_tinyml_buffer* other, const char* name)
{
	xs_tinyml_check_disjoint(the, fn, output, "output", other, name);
}

/*
 * The optional scratch argument `index` of a kernel that takes one (the work buffer the op requested
 * at prepare, from the arena): absent (not passed, null or undefined) or a writable
 * byte buffer, 4-byte aligned. Its size is checked by the kernel's validation.
 */
xs_tinyml_buffer xs_tinyml_get_scratch(xsMachine* the, const char* fn, int index);

/* Throws a RangeError when the scratch overlaps params, an input (input2: NULL for one-input kernels) or the output. */
void xs_tinyml_check_scratch(xsMachine* the, const char* fn, const xs_tinyml_buffer* scratch, const xs_tinyml_buffer* params,
	const xs_tinyml_buffer* input, const xs_tinyml_buffer* input2, const xs_tinyml_buffer* output);

/* The checks after validation shared by conv, depthwise and fully connected: no output or scratch overlaps another argument. */
void xs_tinyml_check_conv_buffers(xsMachine* the, const char* fn, const xs_tinyml_buffer* params, const xs_tinyml_buffer* input,
	const xs_tinyml_buffer* filter, const xs_tinyml_buffer* bias, const xs_tinyml_buffer* output, const xs_tinyml_buffer* scratch);

/* One buffer argument as xs_tinyml_get_buffers reads it: its name, how, and its elements. */
typedef struct {
	const char* name;
	uint8_t flags; /* XS_TINYML_WRITABLE, XS_TINYML_OPTIONAL */
	uint8_t width; /* 1: bytes; 2 or 4: whole aligned elements of that width; XS_TINYML_INT32: int32 values */
} xs_tinyml_arg;

#define XS_TINYML_WRITABLE 1
#define XS_TINYML_OPTIONAL 2
#define XS_TINYML_INT32 0x84

/*
 * Arguments 0..count-1 of a native, all buffers: at least `count` arguments, each read as its entry
 * of `args` says (xs_tinyml_get_buffer), then each one's elements checked (xs_tinyml_check_int32 or
 * xs_tinyml_check_elements), in that order. Throws a TypeError or RangeError naming the problem.
 */
void xs_tinyml_get_buffers(xsMachine* the, const char* fn, const xs_tinyml_arg* args, int count, xs_tinyml_buffer* out);

/* Throws a RangeError when buffer `index` (one the kernel writes) overlaps another of the count read by xs_tinyml_get_buffers. */
void xs_tinyml_check_apart(xsMachine* the, const char* fn, const xs_tinyml_arg* args, int count, const xs_tinyml_buffer* buffers, int index);

/* The arguments of a conv-like kernel: conv, depthwise or fully connected, int8 or 16x8. */
typedef struct {
	xs_tinyml_buffer params, input, filter, bias, output, scratch;
} xs_tinyml_conv_args;

/* A conv-like kernel's validation (native/kernels/tinyml_kernels.h): params, their count and the buffers' sizes. */
typedef tinyml_status (*xs_tinyml_conv_validate)(const int32_t*, size_t, size_t, size_t, size_t, size_t, size_t, const char**);

/*
 * Reads (params, input, filter, bias, output[, scratch]) of a conv-like kernel whose input and output
 * elements are `width` bytes (1: int8, 2: int16), then runs its validation and the buffer checks.
 * Returns them checked; throws a TypeError or RangeError naming the problem otherwise.
 */
xs_tinyml_conv_args xs_tinyml_get_conv_args(xsMachine* the, const char* fn, size_t width, xs_tinyml_conv_validate validate);

/*
 * The packed params of a scratch-size query (argument 0): int32 bytes, at least `header` values.
 * Returns them; throws a TypeError or RangeError naming the problem otherwise.
 */
const int32_t* xs_tinyml_get_header(xsMachine* the, const char* fn, size_t header);

#endif /* XS_TINYML_BINDINGS_H */
