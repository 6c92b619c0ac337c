/*
 * tinyml-xs: xs_tinyml_fully_connected_int8(params, input, filter, bias, output[, scratch]) -> undefined,
 * the XS binding of native/kernels/fully_connected.c. params and bias are the bytes of the Int32Arrays of the
 * layout (FullyConnected); bias may be null. Every argument is checked before the kernel runs
 * (see xs_tinyml_bindings.h). scratch is the work buffer of xs_tinyml_fully_connected_int8_scratch_bytes(params) bytes
 * (null or left out where that is 0).
 */
#include "xs_tinyml_bindings.h"

void xs_tinyml_fully_connected_int8(xsMachine* the)
{
	static const char fn[] = "xs_tinyml_fully_connected_int8";
	xs_tinyml_buffer params, input, filter, bias, output, scratch;
	const char* field = NULL;
	tinyml_status status;
	xs_tinyml_check_argc(the, fn, 5);
	params = xs_tinyml_get_buffer(the, fn, 0, "params", 0, 0);
	input = xs_tinyml_get_buffer(the, fn, 1, "input", 0, 0);
	filter = xs_tinyml_get_buffer(the, fn, 2, "filter", 0, 0);
	bias = xs_tinyml_get_buffer(the, fn, 3, "bias", 0, 1);
	output = xs_tinyml_get_buffer(the, fn, 4, "output", 1, 0);
	scratch = xs_tinyml_get_scratch(the, fn, 5);
	xs_tinyml_check_int32(the, fn, "params", &params);
	xs_tinyml_check_int32(the, fn, "bias", &bias);
	status = tinyml_fully_connected_int8_validate((const int32_t*)params.data, params.size / 4, input.size, filter.size,
		bias.present ? bias.size : TINYML_NO_BIAS, output.size, scratch.size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	xs_tinyml_check_conv_buffers(the, fn, &params, &input, &filter, &bias, &output, &scratch);
	tinyml_fully_connected_int8((const int32_t*)params.data, (const int8_t*)input.data, (const int8_t*)filter.data,
		(const int32_t*)bias.data, (int8_t*)output.data, scratch.data);
}

/* xs_tinyml_fully_connected_int8_scratch_bytes(params) -> the scratch bytes xs_tinyml_fully_connected_int8 needs for these params (0: none). */
void xs_tinyml_fully_connected_int8_scratch_bytes(xsMachine* the)
{
	static const char fn[] = "xs_tinyml_fully_connected_int8_scratch_bytes";
	const int32_t* p = xs_tinyml_get_header(the, fn, TINYML_FC_HEADER);
	xsmcSetInteger(xsResult, (xsIntegerValue)tinyml_fully_connected_int8_scratch_bytes(p));
}
