/*
 * tinyml-xs: xs_tinyml_rfft_int16(params, input, work, output) -> undefined, the XS binding of
 * native/kernels/rfft.c. params is the bytes of the Int32Array of the layout (Rfft); input, work
 * and output are the bytes of Int16Arrays (2-byte aligned); the kernel writes work and output.
 * Every argument is checked before the kernel runs (see xs_tinyml_bindings.h).
 */
#include "xs_tinyml_bindings.h"

void xs_tinyml_rfft_int16(xsMachine* the)
{
	const char* fn = "xs_tinyml_rfft_int16";
	xs_tinyml_buffer params, input, work, output;
	const char* field = NULL;
	tinyml_status status;
	xs_tinyml_check_argc(the, fn, 4);
	params = xs_tinyml_get_buffer(the, fn, 0, "params", 0, 0);
	input = xs_tinyml_get_buffer(the, fn, 1, "input", 0, 0);
	work = xs_tinyml_get_buffer(the, fn, 2, "work", 1, 0);
	output = xs_tinyml_get_buffer(the, fn, 3, "output", 1, 0);
	xs_tinyml_check_int32(the, fn, "params", &params);
	xs_tinyml_check_elements(the, fn, "input", &input, 2);
	xs_tinyml_check_elements(the, fn, "work", &work, 2);
	xs_tinyml_check_elements(the, fn, "output", &output, 2);
	status = tinyml_rfft_int16_validate((const int32_t*)params.data, params.size / 4, input.size, work.size, output.size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	/* Both written buffers must be apart from everything else (the input is read frame after frame). */
	xs_tinyml_check_overlap(the, fn, &output, &params, "params");
	xs_tinyml_check_overlap(the, fn, &output, &input, "input");
	xs_tinyml_check_overlap(the, fn, &output, &work, "work");
	xs_tinyml_check_disjoint(the, fn, &work, "work", &params, "params");
	xs_tinyml_check_disjoint(the, fn, &work, "work", &input, "input");
	tinyml_rfft_int16((const int32_t*)params.data, (const int16_t*)input.data, (int16_t*)work.data, (int16_t*)output.data);
}
