/*
 * tinyml-xs: xs_tinyml_lstm_int8(params, input, w0, w1, w2, w3, r0, r1, r2, r3, b0, b1, b2, b3,
 * hidden, cell, scratch, output) -> undefined, the XS binding of native/kernels/lstm.c. Gates in
 * the order input, forget, cell, output: w input weights, r recurrent weights, b biases (the
 * bytes of Int32Arrays, or null). params is the bytes of the Int32Array of the layout (Lstm);
 * cell and scratch the bytes of Int16Arrays. Every argument is checked before the kernel runs (see
 * xs_tinyml_bindings.h).
 */
#include "xs_tinyml_bindings.h"

void xs_tinyml_lstm_int8(xsMachine* the)
{
	const char* fn = "xs_tinyml_lstm_int8";
	static const char* const names[18] = { "params", "input", "w0", "w1", "w2", "w3", "r0", "r1", "r2", "r3",
		"b0", "b1", "b2", "b3", "hidden", "cell", "scratch", "output" };
	xs_tinyml_buffer a[18];
	size_t w_bytes[4], r_bytes[4], b_bytes[4];
	const int8_t* w[4];
	const int8_t* r[4];
	const int32_t* b[4];
	const char* field = NULL;
	tinyml_status status;
	int i, j;
	xs_tinyml_check_argc(the, fn, 18);
	for (i = 0; i < 18; i++)
		a[i] = xs_tinyml_get_buffer(the, fn, i, names[i], i >= 14, i >= 10 && i < 14);
	xs_tinyml_check_int32(the, fn, "params", &a[0]);
	for (i = 0; i < 4; i++) {
		xs_tinyml_check_int32(the, fn, names[10 + i], &a[10 + i]);
		w_bytes[i] = a[2 + i].size;
		r_bytes[i] = a[6 + i].size;
		b_bytes[i] = a[10 + i].present ? a[10 + i].size : TINYML_NO_BIAS;
		w[i] = (const int8_t*)a[2 + i].data;
		r[i] = (const int8_t*)a[6 + i].data;
		b[i] = (const int32_t*)a[10 + i].data;
	}
	xs_tinyml_check_elements(the, fn, "cell", &a[15], 2);
	xs_tinyml_check_elements(the, fn, "scratch", &a[16], 2);
	status = tinyml_lstm_int8_validate((const int32_t*)a[0].data, a[0].size / 4, a[1].size, w_bytes, r_bytes, b_bytes,
		a[14].size, a[15].size, a[16].size, a[17].size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	/* The buffers the kernel writes (hidden, cell, scratch, output) are disjoint from every other argument. */
	for (i = 14; i < 18; i++)
		for (j = 0; j < 18; j++)
			if (j != i)
				xs_tinyml_check_disjoint(the, fn, &a[i], names[i], &a[j], names[j]);
	tinyml_lstm_int8((const int32_t*)a[0].data, (const int8_t*)a[1].data, w, r, b, (int8_t*)a[14].data,
		(int16_t*)a[15].data, (int16_t*)a[16].data, (int8_t*)a[17].data);
}
