/*
 * tinyml-xs: xs_tinyml_average_pool_2d_int8(params, input, output[, scratch]) and
 * xs_tinyml_max_pool_2d_int8(params, input, output[, scratch]) -> undefined, the XS bindings of
 * native/kernels/pooling.c. params is the bytes of the Int32Array of the layout (Pool). Every
 * argument is checked before the kernel runs (see xs_tinyml_bindings.h).
 */
#include "xs_tinyml_bindings.h"

const xs_tinyml_arg xs_tinyml_pool_args[4] = {
	{ "params", 0, 4 }, { "input", 0, 1 }, { "output", XS_TINYML_WRITABLE, 1 }, { "scratch", XS_TINYML_WRITABLE | XS_TINYML_TRAILING, XS_TINYML_ALIGNED },
};

static void xs_tinyml_pool(xsMachine* the, const char* fn, int average)
{
	xs_tinyml_buffer b[4]; /* params, input, output, scratch */
	const char* field = NULL;
	tinyml_status status;
	xs_tinyml_get_buffers(the, fn, xs_tinyml_pool_args, 4, b);
	status = tinyml_pooling_int8_validate((const int32_t*)b[0].data, b[0].size / 4, b[1].size, b[2].size, b[3].size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	xs_tinyml_check_apart(the, fn, xs_tinyml_pool_args, 4, b, 2);
	xs_tinyml_check_apart(the, fn, xs_tinyml_pool_args, 4, b, 3);
	(average ? tinyml_average_pool_2d_int8 : tinyml_max_pool_2d_int8)((const int32_t*)b[0].data, (const int8_t*)b[1].data, (int8_t*)b[2].data, b[3].data);
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
	xs_tinyml_scratch_query(the, "xs_tinyml_pooling_int8_scratch_bytes", TINYML_POOL_HEADER, tinyml_pooling_int8_scratch_bytes);
}
