/*
 * tinyml-xs Cortex-M benchmark image: runs each benchmark layer once between bench_start() and
 * bench_stop(), the markers where the cm4count QEMU plugin opens and closes its counting regions
 * (region 0 is an empty region, for calibration), and checks each output against the portable C
 * kernels' checksum computed on the host. Prints "LAYER id macs checksum ok|fail" lines.
 */
#include "cases.h"
#include "semihost.h"
#include "vectors.h"

volatile uint32_t bench_marks[2];

__attribute__((noinline, noipa)) void bench_start(void)
{
	bench_marks[0]++;
}

__attribute__((noinline, noipa)) void bench_stop(void)
{
	bench_marks[1] += 2;
}

int main(void)
{
	int i, failures = 0;
#if defined(__ARM_FEATURE_DSP) && !defined(TINYML_NO_DSP)
	sh_puts("PATH arm-dsp\n");
#else
	sh_puts("PATH portable\n");
#endif
	bench_start();
	bench_stop();
	for (i = 0; i < BENCH_LAYERS; i++) {
		tcase c;
		uint32_t sum;
		case_reset();
		case_bench(i, &c);
		if (case_validate(&c, NULL) != TINYML_OK) {
			sh_puts("invalid layer\n");
			return 1;
		}
		switch (c.kind) {
		case CASE_CONV:
			bench_start();
			tinyml_conv_2d_int8(c.params, c.in1, c.in2, c.bias, c.out);
			bench_stop();
			break;
		case CASE_DW:
			bench_start();
			tinyml_depthwise_conv_2d_int8(c.params, c.in1, c.in2, c.bias, c.out);
			bench_stop();
			break;
		default:
			bench_start();
			tinyml_fully_connected_int8(c.params, c.in1, c.in2, c.bias, c.out);
			bench_stop();
			break;
		}
		sum = case_fnv1a(c.out, c.out_bytes);
		sh_puts("LAYER ");
		sh_puts(BENCH_IDS[i]);
		sh_puts(" ");
		sh_put_int((int64_t)c.macs);
		sh_puts(" ");
		sh_put_hex(sum);
		sh_puts(sum == BENCH_EXPECTED[i] ? " ok\n" : " fail\n");
		failures += sum != BENCH_EXPECTED[i];
	}
	return failures;
}
