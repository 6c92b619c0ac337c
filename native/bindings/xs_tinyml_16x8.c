/*
 * tinyml-xs: the XS bindings of the 16x8 kernels (int16 activations, int8 weights):
 *   xs_tinyml_conv_2d_int16, xs_tinyml_depthwise_conv_2d_int16, xs_tinyml_fully_connected_int16
 *     (params, input, filter, bias, output[, scratch]) -> undefined
 *   xs_tinyml_<same>_scratch_bytes(params) -> the scratch bytes the kernel needs (0: none)
 *   xs_tinyml_transpose_conv_int16(params, input, filter, bias, sums, output) -> undefined
 *   xs_tinyml_softmax_int16(params, luts, input, output) -> undefined
 * of native/kernels/conv_2d_16x8.c, depthwise_conv_2d_16x8.c, fully_connected_16x8.c,
 * transpose_conv.c and softmax_int16.c (luts: the bytes of its two int16 tables; sums: 4-byte aligned). params and bias are the bytes of Int32Arrays (an int64 bias as its int32
 * words), input and output the bytes of Int16Arrays, sums 8 bytes per output element; bias may be
 * null. Every argument is checked before the kernel runs (see xs_tinyml_bindings.h).
 */
#include "xs_tinyml_bindings.h"

typedef void (*xs_tinyml_kernel_16x8)(const int32_t*, const int16_t*, const int8_t*, const int32_t*, int16_t*, void*);

/* Reads and checks the arguments of a conv-like 16x8 kernel, then runs it. */
static void xs_tinyml_run_16x8(xsMachine* the, const char* fn, xs_tinyml_conv_validate validate, xs_tinyml_kernel_16x8 kernel)
{
	xs_tinyml_buffer b[XS_TINYML_CONV_ARGS];
	xs_tinyml_get_buffers(the, fn, xs_tinyml_conv_int16_args, XS_TINYML_CONV_ARGS, b);
	xs_tinyml_check_conv(the, fn, xs_tinyml_conv_int16_args, b, validate);
	kernel((const int32_t*)b[0].data, (const int16_t*)b[1].data, (const int8_t*)b[2].data, (const int32_t*)b[3].data, (int16_t*)b[4].data, b[5].data);
}

void xs_tinyml_conv_2d_int16(xsMachine* the)
{
	xs_tinyml_run_16x8(the, "xs_tinyml_conv_2d_int16", tinyml_conv_2d_int16_validate, tinyml_conv_2d_int16);
}

void xs_tinyml_conv_2d_int16_scratch_bytes(xsMachine* the)
{
	xs_tinyml_scratch_query(the, "xs_tinyml_conv_2d_int16_scratch_bytes", TINYML_CONV_HEADER, tinyml_conv_2d_int16_scratch_bytes);
}

void xs_tinyml_depthwise_conv_2d_int16(xsMachine* the)
{
	xs_tinyml_run_16x8(the, "xs_tinyml_depthwise_conv_2d_int16", tinyml_depthwise_conv_2d_int16_validate, tinyml_depthwise_conv_2d_int16);
}

void xs_tinyml_depthwise_conv_2d_int16_scratch_bytes(xsMachine* the)
{
	xs_tinyml_scratch_query(the, "xs_tinyml_depthwise_conv_2d_int16_scratch_bytes", TINYML_CONV_HEADER, tinyml_depthwise_conv_2d_int16_scratch_bytes);
}

void xs_tinyml_fully_connected_int16(xsMachine* the)
{
	xs_tinyml_run_16x8(the, "xs_tinyml_fully_connected_int16", tinyml_fully_connected_int16_validate, tinyml_fully_connected_int16);
}

void xs_tinyml_fully_connected_int16_scratch_bytes(xsMachine* the)
{
	xs_tinyml_scratch_query(the, "xs_tinyml_fully_connected_int16_scratch_bytes", TINYML_FC_HEADER, tinyml_fully_connected_int16_scratch_bytes);
}

void xs_tinyml_transpose_conv_int16(xsMachine* the)
{
	const char* fn = "xs_tinyml_transpose_conv_int16";
	static const xs_tinyml_arg args[6] = {
		{ "params", 0, 4 }, { "input", 0, 2 }, { "filter", 0, 1 }, { "bias", XS_TINYML_OPTIONAL, 4 }, { "sums", XS_TINYML_WRITABLE, 4 },
		{ "output", XS_TINYML_WRITABLE, 2 },
	};
	xs_tinyml_buffer b[6]; /* params, input, filter, bias, sums, output */
	const char* field = NULL;
	tinyml_status status;
	xs_tinyml_get_buffers(the, fn, args, 6, b);
	status = tinyml_transpose_conv_int16_validate((const int32_t*)b[0].data, b[0].size / 4, b[1].size, b[2].size,
		b[3].present ? b[3].size : TINYML_NO_BIAS, b[4].size, b[5].size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	xs_tinyml_check_apart(the, fn, args, 6, b, 5);
	xs_tinyml_check_apart(the, fn, args, 6, b, 4);
	tinyml_transpose_conv_int16((const int32_t*)b[0].data, (const int16_t*)b[1].data, (const int8_t*)b[2].data,
		(const int32_t*)b[3].data, (uint32_t*)b[4].data, (int16_t*)b[5].data);
}

void xs_tinyml_softmax_int16(xsMachine* the)
{
	const char* fn = "xs_tinyml_softmax_int16";
	static const xs_tinyml_arg args[4] = {
		{ "params", 0, 4 }, { "luts", 0, 2 }, { "input", 0, 2 }, { "output", XS_TINYML_WRITABLE, 2 },
	};
	xs_tinyml_buffer b[4]; /* params, luts, input, output */
	const char* field = NULL;
	tinyml_status status;
	xs_tinyml_get_buffers(the, fn, args, 4, b);
	status = tinyml_softmax_int16_validate((const int32_t*)b[0].data, b[0].size / 4, b[1].size, b[2].size, b[3].size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	xs_tinyml_check_apart(the, fn, args, 4, b, 3);
	tinyml_softmax_int16((const int32_t*)b[0].data, (const int16_t*)b[1].data, (const int16_t*)b[2].data, (int16_t*)b[3].data);
}
