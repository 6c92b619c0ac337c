/*
 * tinyml-xs: xs_tinyml_depthwise_conv_2d_int8(params, input, filter, bias, output) -> undefined,
 * the XS binding of native/kernels/depthwise_conv_2d.c. params and bias are the bytes of the Int32Arrays of the
 * layout (Conv); bias may be null. Every argument is checked before the kernel runs
 * (see xs_tinyml_bindings.h).
 */
#include "xs_tinyml_bindings.h"

void xs_tinyml_depthwise_conv_2d_int8(xsMachine* the)
{
	static const char fn[] = "xs_tinyml_depthwise_conv_2d_int8";
	xs_tinyml_buffer params, input, filter, bias, output;
	const char* field = NULL;
	tinyml_status status;
	xs_tinyml_check_argc(the, fn, 5);
	params = xs_tinyml_get_buffer(the, fn, 0, "params", 0, 0);
	input = xs_tinyml_get_buffer(the, fn, 1, "input", 0, 0);
	filter = xs_tinyml_get_buffer(the, fn, 2, "filter", 0, 0);
	bias = xs_tinyml_get_buffer(the, fn, 3, "bias", 0, 1);
	output = xs_tinyml_get_buffer(the, fn, 4, "output", 1, 0);
	xs_tinyml_check_int32(the, fn, "params", &params);
	xs_tinyml_check_int32(the, fn, "bias", &bias);
	status = tinyml_depthwise_conv_2d_int8_validate((const int32_t*)params.data, params.size / 4, input.size, filter.size,
		bias.present ? bias.size : TINYML_NO_BIAS, output.size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	xs_tinyml_check_overlap(the, fn, &output, &params, "params");
	xs_tinyml_check_overlap(the, fn, &output, &input, "input");
	xs_tinyml_check_overlap(the, fn, &output, &filter, "filter");
	xs_tinyml_check_overlap(the, fn, &output, &bias, "bias");
	tinyml_depthwise_conv_2d_int8((const int32_t*)params.data, (const int8_t*)input.data, (const int8_t*)filter.data,
		(const int32_t*)bias.data, (int8_t*)output.data);
}
