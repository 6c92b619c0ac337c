/*
 * tinyml-xs: xs_tinyml_average_pool_2d_int8(params, input, output[, scratch]) and
 * xs_tinyml_max_pool_2d_int8(params, input, output[, scratch]) -> undefined, the XS bindings of
 * native/kernels/pooling.c. params is the bytes of the Int32Array of the layout (Pool). Every
 * argument is checked before the kernel runs (see xs_tinyml_bindings.h).
 */
#include "xs_tinyml_bindings.h"

static void xs_tinyml_pool(xsMachine* the, const char* fn, int average)
{
	xs_tinyml_buffer params, input, output, scratch;
	const char* field = NULL;
	tinyml_status status;
	xs_tinyml_check_argc(the, fn, 3);
	params = xs_tinyml_get_buffer(the, fn, 0, "params", 0, 0);
	input = xs_tinyml_get_buffer(the, fn, 1, "input", 0, 0);
	output = xs_tinyml_get_buffer(the, fn, 2, "output", 1, 0);
	scratch = xs_tinyml_get_scratch(the, fn, 3);
	xs_tinyml_check_int32(the, fn, "params", &params);
	status = tinyml_pooling_int8_validate((const int32_t*)params.data, params.size / 4, input.size, output.size, scratch.size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	xs_tinyml_check_overlap(the, fn, &output, &params, "params");
	xs_tinyml_check_overlap(the, fn, &output, &input, "input");
	xs_tinyml_check_scratch(the, fn, &scratch, &params, &input, NULL, &output);
	if (average)
		tinyml_average_pool_2d_int8((const int32_t*)params.data, (const int8_t*)input.data, (int8_t*)output.data, scratch.data);
	else
		tinyml_max_pool_2d_int8((const int32_t*)params.data, (const int8_t*)input.data, (int8_t*)output.data, scratch.data);
}

void xs_tinyml_average_pool_2d_int8(xsMachine* the)
{
	xs_tinyml_pool(the, "xs_tinyml_average_pool_2d_int8", 1);
}

void xs_tinyml_max_pool_2d_int8(xsMachine* the)
{
	xs_tinyml_pool(the, "xs_tinyml_max_pool_2d_int8", 0);
}

/* xs_tinyml_pooling_int8_scratch_bytes(params) -> the scratch bytes both pools need for these params (0: none). */
void xs_tinyml_pooling_int8_scratch_bytes(xsMachine* the)
{
	const char* fn = "xs_tinyml_pooling_int8_scratch_bytes";
	const int32_t* p = xs_tinyml_get_header(the, fn, TINYML_POOL_HEADER);
	xsmcSetInteger(xsResult, (xsIntegerValue)tinyml_pooling_int8_scratch_bytes(p));
}
