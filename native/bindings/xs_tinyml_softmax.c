/*
 * tinyml-xs: xs_tinyml_softmax_int8(params, input, output) -> undefined, the XS binding of
 * native/kernels/softmax.c. params is the bytes of the Int32Array of the layout (Softmax and its
 * exp table). Every argument is checked before the kernel runs (see xs_tinyml_bindings.h).
 */
#include "xs_tinyml_bindings.h"

const xs_tinyml_arg xs_tinyml_softmax_args[3] = {
	{ "params", 0, 4 }, { "input", 0, 1 }, { "output", XS_TINYML_WRITABLE, 1 },
};

void xs_tinyml_softmax_int8(xsMachine* the)
{
	const char* fn = "xs_tinyml_softmax_int8";
	xs_tinyml_buffer b[3]; /* params, input, output */
	const char* field = NULL;
	tinyml_status status;
	xs_tinyml_get_buffers(the, fn, xs_tinyml_softmax_args, 3, b);
	status = tinyml_softmax_int8_validate((const int32_t*)b[0].data, b[0].size / 4, b[1].size, b[2].size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	xs_tinyml_check_apart(the, fn, xs_tinyml_softmax_args, 3, b, 2);
	tinyml_softmax_int8((const int32_t*)b[0].data, (const int8_t*)b[1].data, (int8_t*)b[2].data);
}
