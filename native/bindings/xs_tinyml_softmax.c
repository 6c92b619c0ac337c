/*
 * tinyml-xs: xs_tinyml_softmax_int8(params, input, output) -> undefined, the XS binding of
 * native/kernels/softmax.c. params is the bytes of the Int32Array of the layout (Softmax and its
 * exp table). Every argument is checked before the kernel runs (see xs_tinyml_bindings.h).
 */
#include "xs_tinyml_bindings.h"

void xs_tinyml_softmax_int8(xsMachine* the)
{
	const char* fn = "xs_tinyml_softmax_int8";
	xs_tinyml_buffer params, input, output;
	const char* field = NULL;
	tinyml_status status;
	xs_tinyml_check_argc(the, fn, 3);
	params = xs_tinyml_get_buffer(the, fn, 0, "params", 0, 0);
	input = xs_tinyml_get_buffer(the, fn, 1, "input", 0, 0);
	output = xs_tinyml_get_buffer(the, fn, 2, "output", 1, 0);
	xs_tinyml_check_int32(the, fn, "params", &params);
	status = tinyml_softmax_int8_validate((const int32_t*)params.data, params.size / 4, input.size, output.size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	xs_tinyml_check_overlap(the, fn, &output, &params, "params");
	xs_tinyml_check_overlap(the, fn, &output, &input, "input");
	tinyml_softmax_int8((const int32_t*)params.data, (const int8_t*)input.data, (int8_t*)output.data);
}
