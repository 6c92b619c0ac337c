/*
 * tinyml-xs: helpers shared by the XS bindings of the native kernels (native/bindings/xs_tinyml_*.c).
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

static inline const char* xs_tinyml_type_name(xsType type)
{
	switch (type) {
	case xsUndefinedType: return "undefined";
	case xsNullType: return "null";
	case xsBooleanType: return "a boolean";
	case xsIntegerType:
	case xsNumberType: return "a number";
	case xsStringType:
	case xsStringXType: return "a string";
	case xsSymbolType: return "a symbol";
	case xsBigIntType:
	case xsBigIntXType: return "a bigint";
	default: return "an object";
	}
}

/* Throws a TypeError unless the native got at least `count` arguments. */
static inline void xs_tinyml_check_argc(xsMachine* the, const char* fn, int count)
{
	if (xsmcArgc < count)
		xsTypeError("%s: expected %d arguments, got %d", fn, count, (int)xsmcArgc);
}

/*
 * Argument `index` as a buffer: an ArrayBuffer, a DataView, a host buffer or an 8-bit typed array
 * (writable ones when `writable`); null or undefined when `optional`. Throws a TypeError naming it otherwise.
 */
static inline xs_tinyml_buffer xs_tinyml_get_buffer(xsMachine* the, const char* fn, int index, const char* name, int writable, int optional)
{
	xs_tinyml_buffer buffer;
	xsType type = xsmcTypeOf(xsArg(index));
	void* data = NULL;
	xsUnsignedValue count = 0;
	buffer.data = NULL;
	buffer.size = 0;
	buffer.present = 0;
	if (optional && (type == xsNullType || type == xsUndefinedType))
		return buffer;
	if (type != xsReferenceType)
		xsTypeError("%s: %s must be a %sbyte buffer, not %s", fn, name, writable ? "writable " : "", xs_tinyml_type_name(type));
	xsTry {
		if (writable)
			xsmcGetBufferWritable(xsArg(index), &data, &count);
		else
			xsmcGetBufferReadable(xsArg(index), &data, &count);
	}
	xsCatch {
		xsTypeError("%s: %s is not a %sbyte buffer (e.g. Int8Array)", fn, name, writable ? "writable " : "");
	}
	buffer.data = data;
	buffer.size = (size_t)count;
	buffer.present = 1;
	return buffer;
}

/* int32 data passed as bytes: a whole number of 4-byte-aligned int32 values. */
static inline void xs_tinyml_check_int32(xsMachine* the, const char* fn, const char* name, const xs_tinyml_buffer* buffer)
{
	if (!buffer->present)
		return;
	if (buffer->size % 4 != 0)
		xsRangeError("%s: %s must hold whole int32 values, has %u bytes", fn, name, (unsigned)buffer->size);
	if (((uintptr_t)buffer->data & 3) != 0)
		xsRangeError("%s: %s must be 4-byte aligned", fn, name);
}

/*
 * Data of `width`-byte elements (int16 2, uint32 4) passed as bytes: a whole number of aligned
 * elements (the kernels read them through int16_t / uint32_t pointers).
 */
static inline void xs_tinyml_check_elements(xsMachine* the, const char* fn, const char* name, const xs_tinyml_buffer* buffer, size_t width)
{
	if (!buffer->present)
		return;
	if (buffer->size % width != 0)
		xsRangeError("%s: %s must hold whole %u-byte values, has %u bytes", fn, name, (unsigned)width, (unsigned)buffer->size);
	if (((uintptr_t)buffer->data & (width - 1)) != 0)
		xsRangeError("%s: %s must be %u-byte aligned", fn, name, (unsigned)width);
}

/* Throws a RangeError for a failed validation. */
static inline void xs_tinyml_check_status(xsMachine* the, const char* fn, tinyml_status status, const char* field)
{
	if (status != TINYML_OK)
		xsRangeError("%s: %s: %s", fn, field ? field : "arguments", tinyml_status_text(status));
}

/* Throws a RangeError when the bytes of `written` (a buffer the kernel writes) overlap another argument's. */
static inline void xs_tinyml_check_disjoint(xsMachine* the, const char* fn, const xs_tinyml_buffer* written, const char* written_name, const xs_tinyml_buffer* other, const char* name)
{
	uintptr_t a, b;
	if (!other->present || written->size == 0 || other->size == 0)
		return;
	a = (uintptr_t)written->data;
	b = (uintptr_t)other->data;
	if (a < b + other->size && b < a + written->size)
		xsRangeError("%s: %s overlaps %s", fn, written_name, name);
}

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
static inline xs_tinyml_buffer xs_tinyml_get_scratch(xsMachine* the, const char* fn, int index)
{
	xs_tinyml_buffer scratch;
	if (xsmcArgc <= index) {
		scratch.data = NULL;
		scratch.size = 0;
		scratch.present = 0;
		return scratch;
	}
	scratch = xs_tinyml_get_buffer(the, fn, index, "scratch", 1, 1);
	if (scratch.present && ((uintptr_t)scratch.data & 3) != 0)
		xsRangeError("%s: scratch must be 4-byte aligned", fn);
	return scratch;
}

/* Throws a RangeError when the scratch overlaps params, an input (input2: NULL for one-input kernels) or the output. */
static inline void xs_tinyml_check_scratch(xsMachine* the, const char* fn, const xs_tinyml_buffer* scratch, const xs_tinyml_buffer* params,
	const xs_tinyml_buffer* input, const xs_tinyml_buffer* input2, const xs_tinyml_buffer* output)
{
	if (!scratch->present)
		return;
	xs_tinyml_check_disjoint(the, fn, scratch, "scratch", params, "params");
	xs_tinyml_check_disjoint(the, fn, scratch, "scratch", input, input2 ? "input1" : "input");
	if (input2)
		xs_tinyml_check_disjoint(the, fn, scratch, "scratch", input2, "input2");
	xs_tinyml_check_disjoint(the, fn, scratch, "scratch", output, "output");
}

/* The checks after validation shared by conv, depthwise and fully connected: no output or scratch overlaps another argument. */
static inline void xs_tinyml_check_conv_buffers(xsMachine* the, const char* fn, const xs_tinyml_buffer* params, const xs_tinyml_buffer* input,
	const xs_tinyml_buffer* filter, const xs_tinyml_buffer* bias, const xs_tinyml_buffer* output, const xs_tinyml_buffer* scratch)
{
	xs_tinyml_check_overlap(the, fn, output, params, "params");
	xs_tinyml_check_overlap(the, fn, output, input, "input");
	xs_tinyml_check_overlap(the, fn, output, filter, "filter");
	xs_tinyml_check_overlap(the, fn, output, bias, "bias");
	xs_tinyml_check_scratch(the, fn, scratch, params, input, NULL, output);
	if (!scratch->present)
		return;
	xs_tinyml_check_disjoint(the, fn, scratch, "scratch", filter, "filter");
	xs_tinyml_check_disjoint(the, fn, scratch, "scratch", bias, "bias");
}

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
static inline xs_tinyml_conv_args xs_tinyml_get_conv_args(xsMachine* the, const char* fn, size_t width, xs_tinyml_conv_validate validate)
{
	xs_tinyml_conv_args a;
	const char* field = NULL;
	tinyml_status status;
	xs_tinyml_check_argc(the, fn, 5);
	a.params = xs_tinyml_get_buffer(the, fn, 0, "params", 0, 0);
	a.input = xs_tinyml_get_buffer(the, fn, 1, "input", 0, 0);
	a.filter = xs_tinyml_get_buffer(the, fn, 2, "filter", 0, 0);
	a.bias = xs_tinyml_get_buffer(the, fn, 3, "bias", 0, 1);
	a.output = xs_tinyml_get_buffer(the, fn, 4, "output", 1, 0);
	a.scratch = xs_tinyml_get_scratch(the, fn, 5);
	xs_tinyml_check_int32(the, fn, "params", &a.params);
	xs_tinyml_check_int32(the, fn, "bias", &a.bias);
	if (width > 1) {
		xs_tinyml_check_elements(the, fn, "input", &a.input, width);
		xs_tinyml_check_elements(the, fn, "output", &a.output, width);
	}
	status = validate((const int32_t*)a.params.data, a.params.size / 4, a.input.size, a.filter.size,
		a.bias.present ? a.bias.size : TINYML_NO_BIAS, a.output.size, a.scratch.size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	xs_tinyml_check_conv_buffers(the, fn, &a.params, &a.input, &a.filter, &a.bias, &a.output, &a.scratch);
	return a;
}

/*
 * The packed params of a scratch-size query (argument 0): int32 bytes, at least `header` values.
 * Returns them; throws a TypeError or RangeError naming the problem otherwise.
 */
static inline const int32_t* xs_tinyml_get_header(xsMachine* the, const char* fn, size_t header)
{
	xs_tinyml_buffer params;
	xs_tinyml_check_argc(the, fn, 1);
	params = xs_tinyml_get_buffer(the, fn, 0, "params", 0, 0);
	xs_tinyml_check_int32(the, fn, "params", &params);
	if (params.size / 4 < header)
		xsRangeError("%s: params: %s", fn, tinyml_status_text(TINYML_ERR_PARAMS_SHORT));
	return (const int32_t*)params.data;
}

#endif /* XS_TINYML_BINDINGS_H */
