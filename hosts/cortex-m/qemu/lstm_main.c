/*
 * tinyml-xs Cortex-M image for the int8 LSTM: the kernel is linked twice, with the Arm DSP path
 * (tinyml_lstm_int8) and without it (tinyml_lstm_int8_portable, lstm.c compiled with
 * TINYML_NO_DSP and renamed). It first runs one LSTM step of each benchmark shape between
 * bench_start() and bench_stop() (the cm4count plugin's regions: 0 empty, then DSP and portable
 * per shape), then random LSTMs (shapes, layouts, requantizations, clips, states) through both
 * paths, byte for byte. Prints "STEP name macs" per shape and "LSTM random N differ D".
 */
#include <stdint.h>
#include "semihost.h"
#include "xorshift.h"
#include "tinyml_kernels.h"

void tinyml_lstm_int8_portable(const int32_t* params, const int8_t* input, const int8_t* const input_weights[4],
	const int8_t* const recurrent_weights[4], const int32_t* const biases[4], int8_t* hidden, int16_t* cell,
	int16_t* scratch, int8_t* output);

volatile uint32_t bench_marks[2];

__attribute__((noinline, noipa)) void bench_start(void)
{
	bench_marks[0]++;
}

__attribute__((noinline, noipa)) void bench_stop(void)
{
	bench_marks[1] += 2;
}

#define MAX_IN 300
#define MAX_STATE 128
#define MAX_ROWS 9 /* batches x steps */


static int8_t input[MAX_ROWS * MAX_IN], weights[4][MAX_STATE * MAX_IN], recurrent[4][MAX_STATE * MAX_STATE];
static int32_t bias[4][MAX_STATE];
static int8_t hidden[2][3 * MAX_STATE], output[2][MAX_ROWS * MAX_STATE];
static int16_t cell[2][3 * MAX_STATE], scratch[3 * 3 * MAX_STATE];

/* A random requantization: mostly like real layers (multiplier in [2^30, 2^31), shift -14..1), sometimes anything. */
static void requant(int32_t* p)
{
	const int wild = next() % 4 == 0;
	p[0] = wild ? (int32_t)next() : between(1 << 30, 0x7FFFFFFF);
	p[1] = wild ? between(-31, 30) : between(-14, 1);
}

static void fill(int32_t* p, int32_t batches, int32_t steps, int32_t n_in, int32_t n_state, int time_major)
{
	int32_t i, g;
	p[TINYML_LSTM_BATCHES] = batches;
	p[TINYML_LSTM_TIME_STEPS] = steps;
	p[TINYML_LSTM_INPUT_SIZE] = n_in;
	p[TINYML_LSTM_STATE_SIZE] = n_state;
	p[TINYML_LSTM_TIME_MAJOR] = time_major;
	p[TINYML_LSTM_INPUT_ZERO_POINT] = between(-128, 127);
	p[TINYML_LSTM_HIDDEN_ZERO_POINT] = between(-128, 127);
	p[TINYML_LSTM_CELL_GATE_TANH] = next() % 10 != 0;
	p[TINYML_LSTM_CELL_CLIP] = next() % 3 == 0 ? between(1, 32767) : 0;
	p[TINYML_LSTM_CELL_TANH_MULTIPLIER] = next() % 2 ? 0 : 3;
	p[TINYML_LSTM_CELL_TANH_SHIFT] = p[TINYML_LSTM_CELL_TANH_MULTIPLIER] == 0 ? between(0, 4) : between(1, 5);
	requant(p + TINYML_LSTM_FORGET_MUL_MULTIPLIER);
	requant(p + TINYML_LSTM_INPUT_MUL_MULTIPLIER);
	requant(p + TINYML_LSTM_OUTPUT_MUL_MULTIPLIER);
	for (g = 0; g < 4; g++) {
		requant(p + TINYML_LSTM_GATES + 4 * g);
		requant(p + TINYML_LSTM_GATES + 4 * g + 2);
		for (i = 0; i < n_state * n_in; i++)
			weights[g][i] = (int8_t)between(-128, 127);
		for (i = 0; i < n_state * n_state; i++)
			recurrent[g][i] = (int8_t)between(-128, 127);
		for (i = 0; i < n_state; i++)
			bias[g][i] = (int32_t)next() >> between(0, 24);
	}
	for (i = 0; i < batches * steps * n_in; i++)
		input[i] = (int8_t)between(-128, 127);
	for (i = 0; i < batches * n_state; i++) {
		hidden[0][i] = hidden[1][i] = (int8_t)between(-128, 127);
		cell[0][i] = cell[1][i] = (int16_t)between(-32768, 32767);
	}
}

static const int8_t* const W[4] = { weights[0], weights[1], weights[2], weights[3] };
static const int8_t* const R[4] = { recurrent[0], recurrent[1], recurrent[2], recurrent[3] };

static int same(const int8_t* a, const int8_t* b, int32_t n)
{
	int32_t i;
	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

int main(void)
{
	/* One step of each benchmark shape: dtln's two LSTM layers (257 -> 128, 128 -> 128). */
	static const char* const names[2] = { "dtln_lstm1", "dtln_lstm2" };
	static const int32_t inputs[2] = { 257, 128 };
	const int32_t* const B[4] = { bias[0], bias[1], bias[2], bias[3] };
	int32_t p[TINYML_LSTM_HEADER];
	int k, differ = 0, cases = 0;
	bench_start();
	bench_stop();
	for (k = 0; k < 2; k++) {
		fill(p, 1, 1, inputs[k], 128, 0);
		if (tinyml_lstm_int8_validate(p, TINYML_LSTM_HEADER, (size_t)inputs[k], (const size_t[4]){ (size_t)(128 * inputs[k]), (size_t)(128 * inputs[k]), (size_t)(128 * inputs[k]), (size_t)(128 * inputs[k]) },
				(const size_t[4]){ 128 * 128, 128 * 128, 128 * 128, 128 * 128 }, (const size_t[4]){ 512, 512, 512, 512 }, 128, 256, 3 * 128 * 2, 128, NULL) != TINYML_OK) {
			sh_puts("invalid benchmark step\n");
			return 1;
		}
		bench_start();
		tinyml_lstm_int8(p, input, W, R, B, hidden[0], cell[0], scratch, output[0]);
		bench_stop();
		bench_start();
		tinyml_lstm_int8_portable(p, input, W, R, B, hidden[1], cell[1], scratch, output[1]);
		bench_stop();
		sh_puts("STEP ");
		sh_puts(names[k]);
		sh_puts(" ");
		sh_put_int(4 * 128 * (inputs[k] + 128));
		sh_puts(same(output[0], output[1], 128) && same(hidden[0], hidden[1], 128) ? " ok\n" : " differ\n");
	}
	for (cases = 0; cases < 300; cases++) {
		const int32_t batches = between(1, 3), steps = between(1, 3);
		const int32_t n_in = next() % 10 == 0 ? between(100, MAX_IN) : between(1, 40), n_state = between(1, 24);
		const int32_t* const BB[4] = { next() % 5 ? bias[0] : NULL, bias[1], next() % 5 ? bias[2] : NULL, bias[3] };
		fill(p, batches, steps, n_in, n_state, (int)(next() % 2));
		tinyml_lstm_int8(p, input, W, R, BB, hidden[0], cell[0], scratch, output[0]);
		tinyml_lstm_int8_portable(p, input, W, R, BB, hidden[1], cell[1], scratch, output[1]);
		if (!same(output[0], output[1], batches * steps * n_state) || !same(hidden[0], hidden[1], batches * n_state)
			|| !same((const int8_t*)cell[0], (const int8_t*)cell[1], 2 * batches * n_state))
			differ++;
	}
	sh_puts("LSTM random ");
	sh_put_int(cases);
	sh_puts(" differ ");
	sh_put_int(differ);
	sh_puts("\n");
	return differ != 0;
}
