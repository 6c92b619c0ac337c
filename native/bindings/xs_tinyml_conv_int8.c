/*
 * tinyml-xs: the argument reading and checks of the int8 conv, depthwise and fully connected
 * bindings, one copy for the three (see xs_tinyml_conv_int8.h).
 */
#include "xs_tinyml_conv_int8.h"

void xs_tinyml_run_conv_int8(xsMachine* the, const char* fn, xs_tinyml_conv_validate validate, xs_tinyml_conv_int8_kernel kernel)
{
	const xs_tinyml_conv_args a = xs_tinyml_get_conv_args(the, fn, 1, validate);
	kernel((const int32_t*)a.params.data, (const int8_t*)a.input.data, (const int8_t*)a.filter.data,
		(const int32_t*)a.bias.data, (int8_t*)a.output.data, a.scratch.data);
}

void xs_tinyml_scratch_query(xsMachine* the, const char* fn, size_t header, size_t (*bytes)(const int32_t*))
{
	const int32_t* p = xs_tinyml_get_header(the, fn, header);
	xsmcSetInteger(xsResult, (xsIntegerValue)bytes(p));
}
