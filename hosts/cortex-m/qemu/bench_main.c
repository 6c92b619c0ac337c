/*
 * tinyml-xs Cortex-M benchmark image: runs each benchmark layer (cases.c) and each layer of the test
 * models that runs a native kernel (the golden layers of vectors.c: conv, depthwise, fully connected,
 * pools, add) once between
 * bench_start() and bench_stop(), the markers where the cm4count QEMU plugin opens and closes its
 * counting regions (region 0 is an empty region, for calibration), and checks each output against
 * the portable C kernels' checksum computed on the host. Before each call the free stack below
 * the caller is painted; the deepest word the call changed gives its stack high-water mark.
 * Prints "LAYER id macs checksum stack_bytes scratch_bytes ok|fail" lines (scratch: the work buffer
 * the kernel asked for, which the image takes from its arena as TFLM takes it from the tensor arena).
 * Then the RFFT, filter bank and softmax layers of cases_signal.c, the same way.
 */
#include "cases.h"
#include "cases_signal.h"
#include "semihost.h"
#include "vectors.h"

volatile uint32_t bench_marks[2];

/* Bytes below the caller's stack pointer painted before each call (more than any kernel may use). */
#define STACK_PROBE_BYTES 16384u
#define STACK_PAINT 0xC5A3E17Bu

__attribute__((noinline, noipa)) void bench_start(void)
{
	bench_marks[0]++;
}

__attribute__((noinline, noipa)) void bench_stop(void)
{
	bench_marks[1] += 2;
}

static uint32_t* stack_pointer(void)
{
	uint32_t* sp;
	__asm__ volatile("mov %0, sp" : "=r"(sp));
	return sp;
}

/* Paints [sp - STACK_PROBE_BYTES, sp - 64) (64 bytes left for this function's own calls). */
__attribute__((noinline)) static void stack_paint(uint32_t* top)
{
	volatile uint32_t* w = top - STACK_PROBE_BYTES / 4;
	while (w < top - 16)
		*w++ = STACK_PAINT;
}

/* Bytes below `top` that a call changed since stack_paint(top). */
static uint32_t stack_used(uint32_t* top)
{
	const volatile uint32_t* w = top - STACK_PROBE_BYTES / 4;
	while (w < top - 16 && *w == STACK_PAINT)
		w++;
	return (uint32_t)((const uint8_t*)top - (const uint8_t*)w);
}

/* Runs one layer between the markers; returns its stack high-water mark below main's frame. */
static uint32_t run_counted(const tcase* c)
{
	uint32_t* top = stack_pointer();
	stack_paint(top);
	switch (c->kind) {
	case CASE_CONV:
		bench_start();
		tinyml_conv_2d_int8(c->params, c->in1, c->in2, c->bias, c->out, c->scratch);
		bench_stop();
		break;
	case CASE_DW:
		bench_start();
		tinyml_depthwise_conv_2d_int8(c->params, c->in1, c->in2, c->bias, c->out, c->scratch);
		bench_stop();
		break;
	case CASE_FC:
		bench_start();
		tinyml_fully_connected_int8(c->params, c->in1, c->in2, c->bias, c->out, c->scratch);
		bench_stop();
		break;
	default:
		/* Pools, add, sub: for their stack (through case_run's dispatch: a few instructions more). */
		bench_start();
		case_run(c);
		bench_stop();
		break;
	}
	return stack_used(top);
}

static int report_layer(const char* id, uint64_t macs, const void* out, size_t out_bytes, uint32_t stack, size_t scratch_bytes, uint32_t expected)
{
	const uint32_t sum = case_fnv1a(out, out_bytes);
	sh_puts("LAYER ");
	sh_puts(id);
	sh_puts(" ");
	sh_put_int((int64_t)macs);
	sh_puts(" ");
	sh_put_hex(sum);
	sh_puts(" ");
	sh_put_int((int64_t)stack);
	sh_puts(" ");
	sh_put_int((int64_t)scratch_bytes);
	sh_puts(sum == expected ? " ok\n" : " fail\n");
	return sum != expected;
}

static int report(const char* id, const tcase* c, uint32_t stack, uint32_t expected)
{
	return report_layer(id, case_macs(c), c->out, c->out_bytes, stack, c->scratch_bytes, expected);
}

/* ---- the RFFT, filter bank and softmax layers (cases_signal.c) ---- */
static uint32_t run_signal_counted(const scase* c)
{
	uint32_t* top = stack_pointer();
	stack_paint(top);
	bench_start();
	signal_run(c);
	bench_stop();
	return stack_used(top);
}

static int run_signal_layers(void)
{
	int i, failures = 0;
	for (i = 0; i < SIGNAL_BENCH_LAYERS; i++) {
		scase c;
		case_reset();
		signal_bench(i, &c);
		if (signal_validate(&c, NULL) != TINYML_OK) {
			sh_puts("invalid layer\n");
			return 1 + failures;
		}
		failures += report_layer(SIGNAL_BENCH_IDS[i], 0, c.out, c.out_bytes, run_signal_counted(&c), c.scratch_bytes, SIGNAL_BENCH_EXPECTED[i]);
	}
	return failures;
}
/* ---- */

int main(void)
{
	uint32_t i;
	int failures = 0;
#if defined(__ARM_FEATURE_DSP) && !defined(TINYML_NO_DSP)
	sh_puts("PATH arm-dsp\n");
#else
	sh_puts("PATH portable\n");
#endif
	bench_start();
	bench_stop();
	for (i = 0; i < BENCH_LAYERS; i++) {
		tcase c;
		case_reset();
		case_bench((int)i, &c);
		if (case_validate(&c, NULL) != TINYML_OK) {
			sh_puts("invalid layer\n");
			return 1;
		}
		failures += report(BENCH_IDS[i], &c, run_counted(&c), BENCH_EXPECTED[i]);
	}
	for (i = 0; i < GOLDEN_COUNT; i++) {
		const golden_layer* g = &GOLDEN[i];
		tcase c;
		case_reset();
		case_golden(g, &c);
		if (case_validate(&c, NULL) != TINYML_OK) {
			sh_puts("invalid layer\n");
			return 1;
		}
		failures += report(g->name, &c, run_counted(&c), g->expected);
	}
	failures += run_signal_layers();
	return failures;
}
