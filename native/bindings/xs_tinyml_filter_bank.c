/*
 * tinyml-xs: xs_tinyml_filter_bank_uint32(params, input, weights, unweights, output) -> undefined,
 * the XS binding of native/kernels/filter_bank.c. params is the bytes of the Int32Array of the
 * layout (FilterBank); input and output are the bytes of Uint32Arrays (4-byte aligned; output holds
 * (low, high) pairs), weights and unweights the bytes of Int16Arrays (2-byte aligned).
 * Every argument is checked before the kernel runs (see xs_tinyml_bindings.h).
 */
#include "xs_tinyml_bindings.h"

static const xs_tinyml_arg xs_tinyml_filter_bank_args[5] = {
	{ "params", 0, 4 }, { "input", 0, 4 }, { "weights", 0, 2 }, { "unweights", 0, 2 }, { "output", XS_TINYML_WRITABLE, 4 },
};

void xs_tinyml_filter_bank_uint32(xsMachine* the)
{
	const char* fn = "xs_tinyml_filter_bank_uint32";
	xs_tinyml_buffer b[5]; /* params, input, weights, unweights, output */
	const char* field = NULL;
	tinyml_status status;
	xs_tinyml_get_buffers(the, fn, xs_tinyml_filter_bank_args, 5, b);
	status = tinyml_filter_bank_uint32_validate((const int32_t*)b[0].data, b[0].size / 4, b[1].size, b[2].size,
		b[3].size, b[4].size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	xs_tinyml_check_apart(the, fn, xs_tinyml_filter_bank_args, 5, b, 4);
	tinyml_filter_bank_uint32((const int32_t*)b[0].data, (const uint32_t*)b[1].data, (const int16_t*)b[2].data,
		(const int16_t*)b[3].data, (uint32_t*)b[4].data);
}
