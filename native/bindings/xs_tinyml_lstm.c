/*
 * tinyml-xs: xs_tinyml_lstm_int8(params, input, w0, w1, w2, w3, r0, r1, r2, r3, b0, b1, b2, b3,
 * hidden, cell, scratch, output) -> undefined, the XS binding of native/kernels/lstm.c. Gates in
 * the order input, forget, cell, output: w input weights, r recurrent weights, b biases (the
 * bytes of Int32Arrays, or null). params is the bytes of the Int32Array of the layout (Lstm);
 * cell and scratch the bytes of Int16Arrays. Every argument is checked before the kernel runs (see
 * xs_tinyml_bindings.h).
 */
#include "xs_tinyml_bindings.h"

static const xs_tinyml_arg xs_tinyml_lstm_args[18] = {
	{ "params", 0, 4 }, { "input", 0, 1 }, { "w0", 0, 1 }, { "w1", 0, 1 }, { "w2", 0, 1 }, { "w3", 0, 1 },
	{ "r0", 0, 1 }, { "r1", 0, 1 }, { "r2", 0, 1 }, { "r3", 0, 1 },
	{ "b0", XS_TINYML_OPTIONAL, 4 }, { "b1", XS_TINYML_OPTIONAL, 4 },
	{ "b2", XS_TINYML_OPTIONAL, 4 }, { "b3", XS_TINYML_OPTIONAL, 4 },
	{ "hidden", XS_TINYML_WRITABLE, 1 }, { "cell", XS_TINYML_WRITABLE, 2 }, { "scratch", XS_TINYML_WRITABLE, 2 }, { "output", XS_TINYML_WRITABLE, 1 },
};

void xs_tinyml_lstm_int8(xsMachine* the)
{
	const char* fn = "xs_tinyml_lstm_int8";
	xs_tinyml_buffer a[18];
	size_t w_bytes[4], r_bytes[4], b_bytes[4];
	const int8_t* w[4];
	const int8_t* r[4];
	const int32_t* b[4];
	const char* field = NULL;
	tinyml_status status;
	int i;
	xs_tinyml_get_buffers(the, fn, xs_tinyml_lstm_args, 18, a);
	for (i = 0; i < 4; i++) {
		w_bytes[i] = a[2 + i].size;
		r_bytes[i] = a[6 + i].size;
		b_bytes[i] = a[10 + i].present ? a[10 + i].size : TINYML_NO_BIAS;
		w[i] = (const int8_t*)a[2 + i].data;
		r[i] = (const int8_t*)a[6 + i].data;
		b[i] = (const int32_t*)a[10 + i].data;
	}
	status = tinyml_lstm_int8_validate((const int32_t*)a[0].data, a[0].size / 4, a[1].size, w_bytes, r_bytes, b_bytes,
		a[14].size, a[15].size, a[16].size, a[17].size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	/* The buffers the kernel writes (hidden, cell, scratch, output) are disjoint from every other argument. */
	for (i = 14; i < 18; i++)
		xs_tinyml_check_apart(the, fn, xs_tinyml_lstm_args, 18, a, i);
	tinyml_lstm_int8((const int32_t*)a[0].data, (const int8_t*)a[1].data, w, r, b, (int8_t*)a[14].data,
		(int16_t*)a[15].data, (int16_t*)a[16].data, (int8_t*)a[17].data);
}
