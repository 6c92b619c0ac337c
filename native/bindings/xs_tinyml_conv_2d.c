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

/* The general loop as a kernel (it has no scratch). */
static void conv_general(const int32_t* p, const int8_t* input, const int8_t* filter, const int32_t* bias, int8_t* output, void* scratch)
{
	(void)scratch;
	tinyml_conv_2d_int8_general(p, input, filter, bias, output);
}

void xs_tinyml_conv_2d_int8(xsMachine* the)
{
	const char* fn = "xs_tinyml_conv_2d_int8";
	/* (A build without the conv_general variant has no general loop: the kernel runs.) */
	xs_tinyml_run_conv_int8(the, fn, tinyml_conv_2d_int8_validate,
		TINYML_VARIANT_CONV_GENERAL && xsmcArgc > 6 && xsmcTest(xsArg(6)) ? conv_general : tinyml_conv_2d_int8);
}

/* xs_tinyml_conv_2d_int8_scratch_bytes(params) -> the scratch bytes xs_tinyml_conv_2d_int8 needs for these params (0: none). */
void xs_tinyml_conv_2d_int8_scratch_bytes(xsMachine* the)
{
	const char* fn = "xs_tinyml_conv_2d_int8_scratch_bytes";
	xs_tinyml_scratch_query(the, fn, TINYML_CONV_HEADER, tinyml_conv_2d_int8_scratch_bytes);
}
