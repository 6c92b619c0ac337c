/*
 * tinyml-xs: xs_tinyml_svdf_int8(params, input, weightsFeature, weightsTime, bias, state, scratch,
 * output) -> undefined, the XS binding of native/kernels/svdf.c. params, bias and scratch are the
 * bytes of Int32Arrays (layout Svdf), weightsTime and state the bytes of Int8Arrays or Int16Arrays
 * (as params[STATE_MIN] says); bias may be null. Every argument is checked before the kernel runs
 * (see xs_tinyml_bindings.h).
 */
#include "xs_tinyml_bindings.h"

static const xs_tinyml_arg xs_tinyml_svdf_args[8] = {
	{ "params", 0, 4 }, { "input", 0, 1 }, { "weightsFeature", 0, 1 }, { "weightsTime", 0, 1 },
	{ "bias", XS_TINYML_OPTIONAL, 4 }, { "state", XS_TINYML_WRITABLE, 1 }, { "scratch", XS_TINYML_WRITABLE, 4 },
	{ "output", XS_TINYML_WRITABLE, 1 },
};

void xs_tinyml_svdf_int8(xsMachine* the)
{
	const char* fn = "xs_tinyml_svdf_int8";
	xs_tinyml_buffer b[8]; /* params, input, weightsFeature, weightsTime, bias, state, scratch, output */
	const char* field = NULL;
	tinyml_status status;
	size_t width;
	int i;
	xs_tinyml_get_buffers(the, fn, xs_tinyml_svdf_args, 8, b);
	status = tinyml_svdf_int8_validate((const int32_t*)b[0].data, b[0].size / 4, b[1].size, b[2].size, b[3].size,
		b[4].present ? b[4].size : TINYML_NO_BIAS, b[5].size, b[6].size, b[7].size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	width = (size_t)tinyml_svdf_state_width((const int32_t*)b[0].data);
	xs_tinyml_check_elements(the, fn, "weightsTime", &b[3], width);
	xs_tinyml_check_elements(the, fn, "state", &b[5], width);
	/* Every buffer the kernel writes (state, scratch, output) is disjoint from every other argument. */
	for (i = 5; i < 8; i++)
		xs_tinyml_check_apart(the, fn, xs_tinyml_svdf_args, 8, b, i);
	tinyml_svdf_int8((const int32_t*)b[0].data, (const int8_t*)b[1].data, (const int8_t*)b[2].data, b[3].data,
		(const int32_t*)b[4].data, b[5].data, (int32_t*)b[6].data, (int8_t*)b[7].data);
}
