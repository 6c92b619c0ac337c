/*
 * tinyml-xs: xs_tinyml_filter_bank_uint32(params, input, weights, unweights, output) -> undefined,
 * the XS binding of native/kernels/filter_bank.c. params is the bytes of the Int32Array of the
 * layout (FilterBank); input and output are the bytes of Uint32Arrays (4-byte aligned; output holds
 * (low, high) pairs), weights and unweights the bytes of Int16Arrays (2-byte aligned).
 * Every argument is checked before the kernel runs (see xs_tinyml_bindings.h).
 */
#include "xs_tinyml_bindings.h"

void xs_tinyml_filter_bank_uint32(xsMachine* the)
{
	const char* fn = "xs_tinyml_filter_bank_uint32";
	xs_tinyml_buffer params, input, weights, unweights, output;
	const char* field = NULL;
	tinyml_status status;
	xs_tinyml_check_argc(the, fn, 5);
	params = xs_tinyml_get_buffer(the, fn, 0, "params", 0, 0);
	input = xs_tinyml_get_buffer(the, fn, 1, "input", 0, 0);
	weights = xs_tinyml_get_buffer(the, fn, 2, "weights", 0, 0);
	unweights = xs_tinyml_get_buffer(the, fn, 3, "unweights", 0, 0);
	output = xs_tinyml_get_buffer(the, fn, 4, "output", 1, 0);
	xs_tinyml_check_int32(the, fn, "params", &params);
	xs_tinyml_check_elements(the, fn, "input", &input, 4);
	xs_tinyml_check_elements(the, fn, "weights", &weights, 2);
	xs_tinyml_check_elements(the, fn, "unweights", &unweights, 2);
	xs_tinyml_check_elements(the, fn, "output", &output, 4);
	status = tinyml_filter_bank_uint32_validate((const int32_t*)params.data, params.size / 4, input.size, weights.size,
		unweights.size, output.size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	xs_tinyml_check_overlap(the, fn, &output, &params, "params");
	xs_tinyml_check_overlap(the, fn, &output, &input, "input");
	xs_tinyml_check_overlap(the, fn, &output, &weights, "weights");
	xs_tinyml_check_overlap(the, fn, &output, &unweights, "unweights");
	tinyml_filter_bank_uint32((const int32_t*)params.data, (const uint32_t*)input.data, (const int16_t*)weights.data,
		(const int16_t*)unweights.data, (uint32_t*)output.data);
}
