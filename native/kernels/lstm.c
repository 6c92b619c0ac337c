/*
 * tinyml-xs native kernel: UNIDIRECTIONAL_SEQUENCE_LSTM int8, the same arithmetic as
 * src/kernels/portable/lstm.ts (TFLM's integer LSTM): per step, every gate is two fully connected
 * products (input and hidden rows) requantized to int16 Q3.12, summed with saturation, through
 * TFLM's int16 sigmoid (tanh for the cell gate); then the int16 cell state and the int8 hidden
 * state are updated in place and the hidden state is the step's output. The matrix products take
 * the Arm DSP path where the compiler targets it (arm/lstm_dsp.h).
 */
#include "tinyml_kernels.h"
#include "tinyml_cold.h"
#include "tinyml_validate.h"
#include "tinyml_dot.h"
#include "fixed_point.h"
#include "int16_activation.h"
#include "arm/lstm_dsp.h"

static int lstm_shift_ok(int32_t s)
{
	return s >= -31 && s <= 30;
}

TINYML_COLD tinyml_status tinyml_lstm_int8_validate(const int32_t* p, size_t params_count, size_t input_bytes,
	const size_t input_weights_bytes[4], const size_t recurrent_weights_bytes[4], const size_t bias_bytes[4],
	size_t hidden_bytes, size_t cell_bytes, size_t scratch_bytes, size_t output_bytes, const char** field)
{
	static const char* const weight_names[4] = { "inputWeights[0]", "inputWeights[1]", "inputWeights[2]", "inputWeights[3]" };
	static const char* const recurrent_names[4] = { "recurrentWeights[0]", "recurrentWeights[1]", "recurrentWeights[2]", "recurrentWeights[3]" };
	static const char* const bias_names[4] = { "biases[0]", "biases[1]", "biases[2]", "biases[3]" };
	int ok = 1, g;
	uint64_t size, states;
	if (p == NULL || params_count < TINYML_LSTM_HEADER)
		return tinyml_fail(TINYML_ERR_PARAMS_SHORT, field, "params");
	if (!tinyml_dim_ok(p[TINYML_LSTM_BATCHES]))
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[BATCHES]");
	if (!tinyml_dim_ok(p[TINYML_LSTM_TIME_STEPS]))
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[TIME_STEPS]");
	if (!tinyml_dim_ok(p[TINYML_LSTM_INPUT_SIZE]))
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[INPUT_SIZE]");
	if (!tinyml_dim_ok(p[TINYML_LSTM_STATE_SIZE]))
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[STATE_SIZE]");
	if (p[TINYML_LSTM_TIME_MAJOR] != 0 && p[TINYML_LSTM_TIME_MAJOR] != 1)
		return tinyml_fail(TINYML_ERR_FLAG, field, "params[TIME_MAJOR]");
	if (p[TINYML_LSTM_CELL_GATE_TANH] != 0 && p[TINYML_LSTM_CELL_GATE_TANH] != 1)
		return tinyml_fail(TINYML_ERR_FLAG, field, "params[CELL_GATE_TANH]");
	if (p[TINYML_LSTM_INPUT_ZERO_POINT] < -128 || p[TINYML_LSTM_INPUT_ZERO_POINT] > 127)
		return tinyml_fail(TINYML_ERR_OFFSET, field, "params[INPUT_ZERO_POINT]");
	if (p[TINYML_LSTM_HIDDEN_ZERO_POINT] < -128 || p[TINYML_LSTM_HIDDEN_ZERO_POINT] > 127)
		return tinyml_fail(TINYML_ERR_OFFSET, field, "params[HIDDEN_ZERO_POINT]");
	if (p[TINYML_LSTM_CELL_CLIP] < 0 || p[TINYML_LSTM_CELL_CLIP] > 32767)
		return tinyml_fail(TINYML_ERR_FLAG, field, "params[CELL_CLIP]");
	if (!(p[TINYML_LSTM_CELL_TANH_MULTIPLIER] == 0 && p[TINYML_LSTM_CELL_TANH_SHIFT] >= 0 && p[TINYML_LSTM_CELL_TANH_SHIFT] <= 13)
		&& !(p[TINYML_LSTM_CELL_TANH_MULTIPLIER] == 3 && p[TINYML_LSTM_CELL_TANH_SHIFT] >= 1 && p[TINYML_LSTM_CELL_TANH_SHIFT] <= 31))
		return tinyml_fail(TINYML_ERR_SHIFT, field, "params[CELL_TANH_MULTIPLIER..SHIFT]");
	if (!lstm_shift_ok(p[TINYML_LSTM_FORGET_MUL_SHIFT]) || !lstm_shift_ok(p[TINYML_LSTM_INPUT_MUL_SHIFT]) || !lstm_shift_ok(p[TINYML_LSTM_OUTPUT_MUL_SHIFT]))
		return tinyml_fail(TINYML_ERR_SHIFT, field, "params (gate product shifts)");
	for (g = 0; g < 4; g++)
		if (!lstm_shift_ok(p[TINYML_LSTM_GATES + 4 * g + 1]) || !lstm_shift_ok(p[TINYML_LSTM_GATES + 4 * g + 3]))
			return tinyml_fail(TINYML_ERR_SHIFT, field, "params (gate shifts)");
	size = tinyml_size4(p[TINYML_LSTM_BATCHES], p[TINYML_LSTM_TIME_STEPS], p[TINYML_LSTM_INPUT_SIZE], 1, &ok);
	if (!ok || !tinyml_bytes_are(input_bytes, size))
		return tinyml_fail(ok ? TINYML_ERR_SIZE : TINYML_ERR_OVERFLOW, field, "input");
	size = tinyml_size4(p[TINYML_LSTM_BATCHES], p[TINYML_LSTM_TIME_STEPS], p[TINYML_LSTM_STATE_SIZE], 1, &ok);
	if (!ok || !tinyml_bytes_are(output_bytes, size))
		return tinyml_fail(ok ? TINYML_ERR_SIZE : TINYML_ERR_OVERFLOW, field, "output");
	states = tinyml_size4(p[TINYML_LSTM_BATCHES], p[TINYML_LSTM_STATE_SIZE], 6, 1, &ok);
	if (!ok)
		return tinyml_fail(TINYML_ERR_OVERFLOW, field, "scratch");
	states /= 6;
	if (!tinyml_bytes_are(hidden_bytes, states))
		return tinyml_fail(TINYML_ERR_SIZE, field, "hidden");
	if (!tinyml_bytes_are(cell_bytes, 2 * states))
		return tinyml_fail(TINYML_ERR_SIZE, field, "cell");
	if (!tinyml_bytes_are(scratch_bytes, 6 * states))
		return tinyml_fail(TINYML_ERR_SIZE, field, "scratch");
	for (g = 0; g < 4; g++) {
		size = tinyml_size4(p[TINYML_LSTM_STATE_SIZE], p[TINYML_LSTM_INPUT_SIZE], 1, 1, &ok);
		if (!ok || !tinyml_bytes_are(input_weights_bytes[g], size))
			return tinyml_fail(ok ? TINYML_ERR_SIZE : TINYML_ERR_OVERFLOW, field, weight_names[g]);
		size = tinyml_size4(p[TINYML_LSTM_STATE_SIZE], p[TINYML_LSTM_STATE_SIZE], 1, 1, &ok);
		if (!ok || !tinyml_bytes_are(recurrent_weights_bytes[g], size))
			return tinyml_fail(ok ? TINYML_ERR_SIZE : TINYML_ERR_OVERFLOW, field, recurrent_names[g]);
		if (bias_bytes[g] != TINYML_NO_BIAS && !tinyml_bytes_are(bias_bytes[g], 4 * (uint64_t)p[TINYML_LSTM_STATE_SIZE]))
			return tinyml_fail(TINYML_ERR_SIZE, field, bias_names[g]);
	}
	return TINYML_OK;
}

static inline int16_t lstm_sat16(int32_t v)
{
	return (int16_t)(v < -32768 ? -32768 : v > 32767 ? 32767 : v);
}

/* TFLM's MultiplyByQuantizedMultiplier, one copy for the five products a step requantizes. */
static __attribute__((noinline)) int32_t lstm_mbqm(int32_t x, int32_t multiplier, int32_t shift)
{
	return tinyml_mbqm(x, multiplier, (int)shift);
}

/* x requantized and saturated to int16. */
static inline int32_t lstm_requantize16(uint32_t x, int32_t multiplier, int32_t shift)
{
	return lstm_sat16(lstm_mbqm(tinyml_wrap_i32(x), multiplier, shift));
}

/* The gate activations, one copy each. */
static __attribute__((noinline)) int16_t lstm_tanh(int32_t x, int32_t multiplier, int32_t shift)
{
	return tinyml_tanh_int16(x, multiplier, shift);
}

static __attribute__((noinline)) int16_t lstm_logistic(int32_t x)
{
	return tinyml_logistic_int16(x, 0, 0);
}

/*
 * One gate for `rows` rows: input row x (INPUT_SIZE) and hidden row h (STATE_SIZE) of each, into
 * gate[r * STATE_SIZE + c]. The DSP path expands both rows once per row and gate.
 */
static void lstm_gate(const int32_t* restrict p, int g, const int8_t* x, const int8_t* h, int32_t rows,
	const int8_t* restrict w, const int32_t* restrict bias, const int8_t* restrict rw, int16_t* restrict gate, int tanh)
{
	const int32_t n_in = p[TINYML_LSTM_INPUT_SIZE], n_state = p[TINYML_LSTM_STATE_SIZE];
	const int32_t in_off = -p[TINYML_LSTM_INPUT_ZERO_POINT], h_off = -p[TINYML_LSTM_HIDDEN_ZERO_POINT];
	const int32_t* q = p + TINYML_LSTM_GATES + 4 * g;
	int32_t r, c;
#if defined(TINYML_ARM_DSP)
	uint32_t xbuf[TINYML_ARM_LSTM_MAX_ROW / 2 + 2] __attribute__((aligned(8))), hbuf[TINYML_ARM_LSTM_MAX_ROW / 2 + 2] __attribute__((aligned(8)));
	const int dsp = n_in <= TINYML_ARM_LSTM_MAX_ROW && n_state <= TINYML_ARM_LSTM_MAX_ROW;
#endif
	for (r = 0; r < rows; r++) {
		const int8_t* xr = x + (size_t)r * (size_t)n_in;
		const int8_t* hr = h + (size_t)r * (size_t)n_state;
		int16_t* out = gate + (size_t)r * (size_t)n_state;
#if defined(TINYML_ARM_DSP)
		if (dsp) {
			tinyml_arm_lstm_expand(xbuf, xr, n_in, in_off);
			tinyml_arm_lstm_expand(hbuf, hr, n_state, h_off);
		}
#endif
		for (c = 0; c < n_state; c++) {
			const int8_t* wc = w + (size_t)c * (size_t)n_in;
			const int8_t* rc = rw + (size_t)c * (size_t)n_state;
			uint32_t acc[4], racc[4];
			int32_t k, count = 1;
#if defined(TINYML_ARM_DSP)
			if (dsp) {
				/* Four output channels per pass; the last one to three one at a time. */
				count = n_state - c < 4 ? 1 : 4;
				tinyml_arm_lstm_dot4(wc, count == 4 ? n_in : 0, xbuf, n_in, acc);
				tinyml_arm_lstm_dot4(rc, count == 4 ? n_state : 0, hbuf, n_state, racc);
			}
			else
#endif
			{
				acc[0] = tinyml_dot_offset(wc, xr, (size_t)n_in, in_off);
				racc[0] = tinyml_dot_offset(rc, hr, (size_t)n_state, h_off);
			}
			for (k = 0; k < count; k++) {
				const uint32_t a = acc[k] + (bias != NULL ? (uint32_t)bias[c + k] : 0u);
				const int32_t v = lstm_sat16(lstm_requantize16(a, q[0], q[1]) + lstm_requantize16(racc[k], q[2], q[3]));
				out[c + k] = tanh ? lstm_tanh(v, 0, 0) : lstm_logistic(v);
			}
			c += count - 1;
		}
	}
}

void tinyml_lstm_int8(const int32_t* restrict p, const int8_t* restrict input, const int8_t* const input_weights[4],
	const int8_t* const recurrent_weights[4], const int32_t* const biases[4], int8_t* restrict hidden, int16_t* restrict cell,
	int16_t* restrict scratch, int8_t* restrict output)
{
	const int32_t batches = p[TINYML_LSTM_BATCHES], steps = p[TINYML_LSTM_TIME_STEPS];
	const int32_t n_in = p[TINYML_LSTM_INPUT_SIZE], n_state = p[TINYML_LSTM_STATE_SIZE];
	const int time_major = p[TINYML_LSTM_TIME_MAJOR] != 0, cell_tanh = p[TINYML_LSTM_CELL_GATE_TANH] != 0;
	const int32_t h_zp = p[TINYML_LSTM_HIDDEN_ZERO_POINT], clip = p[TINYML_LSTM_CELL_CLIP];
	const int32_t rows = time_major ? batches : 1;
	const int32_t outer = time_major ? 1 : batches;
	/* Step t of batch b is input row b * b_stride + t * t_stride (time major: every batch at once, b is 0). */
	const size_t t_stride = time_major ? (size_t)batches : 1, b_stride = time_major ? 0 : (size_t)steps;
	const size_t state_stride = time_major ? 0 : (size_t)n_state;
	const size_t n = (size_t)rows * (size_t)n_state;
	int16_t* restrict gi = scratch;
	int16_t* restrict gf = scratch + n;
	int16_t* restrict gc = scratch + 2 * n;
	int32_t b, t;
	int g;
	size_t i;
	for (b = 0; b < outer; b++) {
		const size_t state = (size_t)b * state_stride;
		for (t = 0; t < steps; t++) {
			const size_t step = (size_t)b * b_stride + (size_t)t * t_stride;
			const int8_t* x = input + step * (size_t)n_in;
			int8_t* restrict y = output + step * (size_t)n_state;
			/* The input, forget and cell gates into gi, gf and gc. */
			for (g = 0; g < 3; g++)
				lstm_gate(p, g, x, hidden + state, rows, input_weights[g], biases[g], recurrent_weights[g], scratch + (size_t)g * n, g == 2 && cell_tanh);
			for (i = 0; i < n; i++) {
				const int32_t kept = lstm_requantize16((uint32_t)((int32_t)gf[i] * (int32_t)cell[state + i]), p[TINYML_LSTM_FORGET_MUL_MULTIPLIER], p[TINYML_LSTM_FORGET_MUL_SHIFT]);
				const int32_t added = lstm_requantize16((uint32_t)((int32_t)gi[i] * (int32_t)gc[i]), p[TINYML_LSTM_INPUT_MUL_MULTIPLIER], p[TINYML_LSTM_INPUT_MUL_SHIFT]);
				int32_t c = lstm_sat16(kept + added);
				if (clip > 0)
					c = c > clip ? clip : c < -clip ? -clip : c;
				cell[state + i] = (int16_t)c;
			}
			/* The output gate, from the previous hidden state (it changes only below). */
			lstm_gate(p, 3, x, hidden + state, rows, input_weights[3], biases[3], recurrent_weights[3], gi, 0);
			for (i = 0; i < n; i++) {
				const int32_t th = lstm_tanh(cell[state + i], p[TINYML_LSTM_CELL_TANH_MULTIPLIER], p[TINYML_LSTM_CELL_TANH_SHIFT]);
				const int32_t v = lstm_mbqm(th * (int32_t)gi[i], p[TINYML_LSTM_OUTPUT_MUL_MULTIPLIER], p[TINYML_LSTM_OUTPUT_MUL_SHIFT]);
				const int8_t hv = (int8_t)tinyml_clamp64((int64_t)v + h_zp, -128, 127);
				hidden[state + i] = hv;
				y[i] = hv;
			}
		}
	}
}
