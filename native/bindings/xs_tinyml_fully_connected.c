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
	const char* fn = "xs_tinyml_fully_connected_int8";
	xs_tinyml_run_conv_int8(the, fn, tinyml_fully_connected_int8_validate, tinyml_fully_connected_int8);
}

/*
 * xs_tinyml_fully_connected_int8_scratch_bytes(params) -> the scratch bytes xs_tinyml_fully_connected_int8
 * needs for these params (0: none; -1: a layer this build leaves out). Reads the header and the first multiplier and shift.
 */
void xs_tinyml_fully_connected_int8_scratch_bytes(xsMachine* the)
{
	const char* fn = "xs_tinyml_fully_connected_int8_scratch_bytes";
	xs_tinyml_scratch_query(the, fn, TINYML_FC_HEADER + 2, tinyml_fully_connected_int8_scratch_bytes);
}
