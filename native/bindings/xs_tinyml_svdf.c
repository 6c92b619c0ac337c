/*
 * tinyml-xs: xs_tinyml_svdf_int8(params, input, weightsFeature, weightsTime, bias, state, scratch,
 * output) -> undefined, the XS binding of native/kernels/svdf.c. params, bias and scratch are the
 * bytes of Int32Arrays (layout Svdf), weightsTime and state the bytes of Int8Arrays or Int16Arrays
 * (as params[STATE_MIN] says); bias may be null. Every argument is checked before the kernel runs
 * (see xs_tinyml_bindings.h).
 */
#include "xs_tinyml_bindings.h"

void xs_tinyml_svdf_int8(xsMachine* the)
{
	const char* fn = "xs_tinyml_svdf_int8";
	xs_tinyml_buffer params, input, feature, time, bias, state, scratch, output;
	const char* field = NULL;
	tinyml_status status;
	size_t width;
	xs_tinyml_check_argc(the, fn, 8);
	params = xs_tinyml_get_buffer(the, fn, 0, "params", 0, 0);
	input = xs_tinyml_get_buffer(the, fn, 1, "input", 0, 0);
	feature = xs_tinyml_get_buffer(the, fn, 2, "weightsFeature", 0, 0);
	time = xs_tinyml_get_buffer(the, fn, 3, "weightsTime", 0, 0);
	bias = xs_tinyml_get_buffer(the, fn, 4, "bias", 0, 1);
	state = xs_tinyml_get_buffer(the, fn, 5, "state", 1, 0);
	scratch = xs_tinyml_get_buffer(the, fn, 6, "scratch", 1, 0);
	output = xs_tinyml_get_buffer(the, fn, 7, "output", 1, 0);
	xs_tinyml_check_int32(the, fn, "params", &params);
	xs_tinyml_check_int32(the, fn, "bias", &bias);
	xs_tinyml_check_int32(the, fn, "scratch", &scratch);
	status = tinyml_svdf_int8_validate((const int32_t*)params.data, params.size / 4, input.size, feature.size, time.size,
		bias.present ? bias.size : TINYML_NO_BIAS, state.size, scratch.size, output.size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	width = (size_t)tinyml_svdf_state_width((const int32_t*)params.data);
	xs_tinyml_check_elements(the, fn, "weightsTime", &time, width);
	xs_tinyml_check_elements(the, fn, "state", &state, width);
	/* Every buffer the kernel writes is disjoint from every other argument. */
	{
		const xs_tinyml_buffer* written[3] = { &state, &scratch, &output };
		const char* written_names[3] = { "state", "scratch", "output" };
		const xs_tinyml_buffer* all[8] = { &params, &input, &feature, &time, &bias, &state, &scratch, &output };
		const char* names[8] = { "params", "input", "weightsFeature", "weightsTime", "bias", "state", "scratch", "output" };
		int w, a;
		for (w = 0; w < 3; w++)
			for (a = 0; a < 8; a++)
				if (all[a] != written[w])
					xs_tinyml_check_disjoint(the, fn, written[w], written_names[w], all[a], names[a]);
	}
	tinyml_svdf_int8((const int32_t*)params.data, (const int8_t*)input.data, (const int8_t*)feature.data, time.data,
		(const int32_t*)bias.data, state.data, (int32_t*)scratch.data, (int8_t*)output.data);
}
