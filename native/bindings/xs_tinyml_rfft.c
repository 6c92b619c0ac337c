/*
 * tinyml-xs: xs_tinyml_rfft_int16(params, input, work, output) -> undefined, the XS binding of
 * native/kernels/rfft.c. params is the bytes of the Int32Array of the layout (Rfft); input, work
 * and output are the bytes of Int16Arrays (2-byte aligned); the kernel writes work and output.
 * Every argument is checked before the kernel runs (see xs_tinyml_bindings.h).
 *   xs_tinyml_rfft_int16_scratch_bytes(params) -> 0, or -1 where this build's natives leave the
 *   layer out (its factor list needs the radix 2 or 3 / 5 butterflies, kernel variants rfft_radix_2, rfft_radix_3_5).
 */
#include "xs_tinyml_bindings.h"

static const xs_tinyml_arg xs_tinyml_rfft_args[4] = {
	{ "params", 0, 4 }, { "input", 0, 2 }, { "work", XS_TINYML_WRITABLE, 2 }, { "output", XS_TINYML_WRITABLE, 2 },
};

void xs_tinyml_rfft_int16(xsMachine* the)
{
	const char* fn = "xs_tinyml_rfft_int16";
	xs_tinyml_buffer b[4]; /* params, input, work, output */
	const char* field = NULL;
	tinyml_status status;
	xs_tinyml_get_buffers(the, fn, xs_tinyml_rfft_args, 4, b);
	status = tinyml_rfft_int16_validate((const int32_t*)b[0].data, b[0].size / 4, b[1].size, b[2].size, b[3].size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	/* Both written buffers must be apart from everything else (the input is read frame after frame). */
	xs_tinyml_check_apart(the, fn, xs_tinyml_rfft_args, 4, b, 3);
	xs_tinyml_check_apart(the, fn, xs_tinyml_rfft_args, 4, b, 2);
	tinyml_rfft_int16((const int32_t*)b[0].data, (const int16_t*)b[1].data, (int16_t*)b[2].data, (int16_t*)b[3].data);
}

void xs_tinyml_rfft_int16_scratch_bytes(xsMachine* the)
{
	xs_tinyml_scratch_query(the, "xs_tinyml_rfft_int16_scratch_bytes", TINYML_RFFT_HEADER, tinyml_rfft_int16_scratch_bytes);
}
