/*
 * tinyml-xs: xs_tinyml_conv_2d_int8(params, input, filter, bias, output[, scratch[, general]]) -> undefined,
 * the XS binding of native/kernels/conv_2d.c. params and bias are the bytes of the Int32Arrays of the
 * layout (Conv); bias may be null. Every argument is checked before the kernel runs
 * (see xs_tinyml_bindings.h). scratch is the work buffer of xs_tinyml_conv_2d_int8_scratch_bytes(params)
 * bytes (null or left out where that is 0).
 *
 * With a true 7th argument the general loop runs even where the pointwise fast path applies
 * (for tests comparing the two).
 */
#include "xs_tinyml_bindings.h"
#include "../kernels/tinyml_variants.h"

void xs_tinyml_conv_2d_int8(xsMachine* the)
{
	static const char fn[] = "xs_tinyml_conv_2d_int8";
	int general = 0;
	const xs_tinyml_conv_args a = xs_tinyml_get_conv_args(the, fn, 1, tinyml_conv_2d_int8_validate);
	if (xsmcArgc > 6)
		general = xsmcTest(xsArg(6));
	/* (A build without the conv_general variant has no general loop: the kernel runs.) */
	if (general && TINYML_VARIANT_CONV_GENERAL)
		tinyml_conv_2d_int8_general((const int32_t*)a.params.data, (const int8_t*)a.input.data, (const int8_t*)a.filter.data,
			(const int32_t*)a.bias.data, (int8_t*)a.output.data);
	else
		tinyml_conv_2d_int8((const int32_t*)a.params.data, (const int8_t*)a.input.data, (const int8_t*)a.filter.data,
			(const int32_t*)a.bias.data, (int8_t*)a.output.data, a.scratch.data);
}

/* xs_tinyml_conv_2d_int8_scratch_bytes(params) -> the scratch bytes xs_tinyml_conv_2d_int8 needs for these params (0: none). */
void xs_tinyml_conv_2d_int8_scratch_bytes(xsMachine* the)
{
	static const char fn[] = "xs_tinyml_conv_2d_int8_scratch_bytes";
	const int32_t* p = xs_tinyml_get_header(the, fn, TINYML_CONV_HEADER);
	xsmcSetInteger(xsResult, (xsIntegerValue)tinyml_conv_2d_int8_scratch_bytes(p));
}
