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
typedef size_t (*xs_tinyml_scratch_16x8)(const int32_t*);

/* Reads and checks the arguments of a conv-like 16x8 kernel, then runs it. */
static void xs_tinyml_run_16x8(xsMachine* the, const char* fn, xs_tinyml_conv_validate validate, xs_tinyml_kernel_16x8 kernel)
{
	const xs_tinyml_conv_args a = xs_tinyml_get_conv_args(the, fn, 2, validate);
	kernel((const int32_t*)a.params.data, (const int16_t*)a.input.data, (const int8_t*)a.filter.data,
		(const int32_t*)a.bias.data, (int16_t*)a.output.data, a.scratch.data);
}

static void xs_tinyml_scratch_bytes_16x8(xsMachine* the, const char* fn, size_t header, xs_tinyml_scratch_16x8 bytes)
{
	const int32_t* p = xs_tinyml_get_header(the, fn, header);
	xsmcSetInteger(xsResult, (xsIntegerValue)bytes(p));
}

void xs_tinyml_conv_2d_int16(xsMachine* the)
{
	xs_tinyml_run_16x8(the, "xs_tinyml_conv_2d_int16", tinyml_conv_2d_int16_validate, tinyml_conv_2d_int16);
}

void xs_tinyml_conv_2d_int16_scratch_bytes(xsMachine* the)
{
	xs_tinyml_scratch_bytes_16x8(the, "xs_tinyml_conv_2d_int16_scratch_bytes", TINYML_CONV_HEADER, tinyml_conv_2d_int16_scratch_bytes);
}

void xs_tinyml_depthwise_conv_2d_int16(xsMachine* the)
{
	xs_tinyml_run_16x8(the, "xs_tinyml_depthwise_conv_2d_int16", tinyml_depthwise_conv_2d_int16_validate, tinyml_depthwise_conv_2d_int16);
}

void xs_tinyml_depthwise_conv_2d_int16_scratch_bytes(xsMachine* the)
{
	xs_tinyml_scratch_bytes_16x8(the, "xs_tinyml_depthwise_conv_2d_int16_scratch_bytes", TINYML_CONV_HEADER, tinyml_depthwise_conv_2d_int16_scratch_bytes);
}

void xs_tinyml_fully_connected_int16(xsMachine* the)
{
	xs_tinyml_run_16x8(the, "xs_tinyml_fully_connected_int16", tinyml_fully_connected_int16_validate, tinyml_fully_connected_int16);
}

void xs_tinyml_fully_connected_int16_scratch_bytes(xsMachine* the)
{
	xs_tinyml_scratch_bytes_16x8(the, "xs_tinyml_fully_connected_int16_scratch_bytes", TINYML_FC_HEADER, tinyml_fully_connected_int16_scratch_bytes);
}

void xs_tinyml_transpose_conv_int16(xsMachine* the)
{
	const char* fn = "xs_tinyml_transpose_conv_int16";
	xs_tinyml_buffer params, input, filter, bias, sums, output;
	const char* field = NULL;
	tinyml_status status;
	xs_tinyml_check_argc(the, fn, 6);
	params = xs_tinyml_get_buffer(the, fn, 0, "params", 0, 0);
	input = xs_tinyml_get_buffer(the, fn, 1, "input", 0, 0);
	filter = xs_tinyml_get_buffer(the, fn, 2, "filter", 0, 0);
	bias = xs_tinyml_get_buffer(the, fn, 3, "bias", 0, 1);
	sums = xs_tinyml_get_buffer(the, fn, 4, "sums", 1, 0);
	output = xs_tinyml_get_buffer(the, fn, 5, "output", 1, 0);
	xs_tinyml_check_int32(the, fn, "params", &params);
	xs_tinyml_check_int32(the, fn, "bias", &bias);
	xs_tinyml_check_elements(the, fn, "input", &input, 2);
	xs_tinyml_check_int32(the, fn, "sums", &sums);
	xs_tinyml_check_elements(the, fn, "output", &output, 2);
	status = tinyml_transpose_conv_int16_validate((const int32_t*)params.data, params.size / 4, input.size, filter.size,
		bias.present ? bias.size : TINYML_NO_BIAS, sums.size, output.size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	xs_tinyml_check_conv_buffers(the, fn, &params, &input, &filter, &bias, &output, &sums);
	xs_tinyml_check_disjoint(the, fn, &sums, "sums", &filter, "filter");
	xs_tinyml_check_disjoint(the, fn, &sums, "sums", &bias, "bias");
	tinyml_transpose_conv_int16((const int32_t*)params.data, (const int16_t*)input.data, (const int8_t*)filter.data,
		(const int32_t*)bias.data, (uint32_t*)sums.data, (int16_t*)output.data);
}

void xs_tinyml_softmax_int16(xsMachine* the)
{
	const char* fn = "xs_tinyml_softmax_int16";
	xs_tinyml_buffer params, luts, input, output;
	const char* field = NULL;
	tinyml_status status;
	xs_tinyml_check_argc(the, fn, 4);
	params = xs_tinyml_get_buffer(the, fn, 0, "params", 0, 0);
	luts = xs_tinyml_get_buffer(the, fn, 1, "luts", 0, 0);
	input = xs_tinyml_get_buffer(the, fn, 2, "input", 0, 0);
	output = xs_tinyml_get_buffer(the, fn, 3, "output", 1, 0);
	xs_tinyml_check_int32(the, fn, "params", &params);
	xs_tinyml_check_elements(the, fn, "luts", &luts, 2);
	xs_tinyml_check_elements(the, fn, "input", &input, 2);
	xs_tinyml_check_elements(the, fn, "output", &output, 2);
	status = tinyml_softmax_int16_validate((const int32_t*)params.data, params.size / 4, luts.size, input.size, output.size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	xs_tinyml_check_overlap(the, fn, &output, &params, "params");
	xs_tinyml_check_overlap(the, fn, &output, &luts, "luts");
	xs_tinyml_check_overlap(the, fn, &output, &input, "input");
	tinyml_softmax_int16((const int32_t*)params.data, (const int16_t*)luts.data, (const int16_t*)input.data, (int16_t*)output.data);
}
