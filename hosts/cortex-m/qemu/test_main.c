/*
 * tinyml-xs Cortex-M test image: runs the kernels (the Arm DSP paths where the target has the DSP
 * extension) on the seeded random cases, the benchmark layers (with the RFFT, filter bank and softmax ones of
 * cases_signal.c) and the golden layers, and compares every output's checksum with the one the portable C
 * kernels computed on the host (vectors.c).
 * Prints CHECK lines for failures and per-group results, then "SUMMARY passed P failed F";
 * main's return value (QEMU's exit status) is the number of failures (at most 100).
 */
#include <string.h>
#include "cases.h"
#include "cases_signal.h"
#include "semihost.h"
#include "vectors.h"
#include "tinyml_variants.h"

static int passed, failed;

static void check(int ok, const char* group, const char* what, uint32_t got, uint32_t want)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	if (failed <= 40) {
		sh_puts("CHECK fail ");
		sh_puts(group);
		sh_puts(" ");
		sh_puts(what);
		sh_puts(" got ");
		sh_put_hex(got);
		sh_puts(" want ");
		sh_put_hex(want);
		sh_puts("\n");
	}
}

static void group_result(const char* group, int before_failed, int count)
{
	sh_puts(failed == before_failed ? "CHECK ok " : "CHECK fail ");
	sh_puts(group);
	sh_puts(" cases=");
	sh_put_int(count);
	sh_puts("\n");
}

/* In a build with variants left out: whether the layer is refused as unsupported (printed as UNSUPPORTED <group> <name>, counted). */
static int unsupported_layer(tcase* c, const char* group, const char* name, int* count)
{
	if (TINYML_VARIANTS_ALL || case_validate(c, NULL) != TINYML_ERR_UNSUPPORTED)
		return 0;
	sh_puts("UNSUPPORTED ");
	sh_puts(group);
	sh_puts(" ");
	sh_puts(name);
	sh_puts("\n");
	(*count)++;
	return 1;
}

int main(void)
{
	uint32_t i;
	int f0;
	static const char* const kind_names[CASE_KINDS] = { "conv", "depthwise", "fully_connected", "average_pool", "max_pool", "add", "sub" };
	int kind_count[CASE_KINDS] = { 0 };
	int scratch_cases = 0;
	/* Layers a build with variants left out refuses (TINYML_ERR_UNSUPPORTED: the runtime runs them in TypeScript). */
	int unsupported = 0;
#if defined(__ARM_FEATURE_DSP) && !defined(TINYML_NO_DSP)
	sh_puts("PATH arm-dsp\n");
#else
	sh_puts("PATH portable\n");
#endif

	f0 = failed;
	for (i = 0; i < RANDOM_COUNT; i++) {
		tcase c;
		tinyml_status st;
		case_reset();
		case_random(RANDOM_SEED, i, &c);
		st = case_validate(&c, NULL);
		if (st == TINYML_ERR_UNSUPPORTED && !TINYML_VARIANTS_ALL) {
			unsupported++;
			continue;
		}
		if (st != TINYML_OK) {
			check(RANDOM_EXPECTED[i] == 0, "random", c.desc, (uint32_t)st, RANDOM_EXPECTED[i]);
			continue;
		}
		if (c.scratch_bytes > 0) {
			/* A byte less scratch than asked for is refused, naming it; the kernel may find any bytes in it. */
			tcase short_scratch = c;
			const char* field = NULL;
			short_scratch.scratch_bytes--;
			check(case_validate(&short_scratch, &field) == TINYML_ERR_SIZE && field != NULL && strcmp(field, "scratch") == 0,
				"scratch-size", c.desc, 0, 0);
			memset(c.scratch, 0xA5, c.scratch_bytes);
			scratch_cases++;
		}
		memset(c.out, 0x5A, c.out_bytes);
		case_run(&c);
		check(case_scratch_intact(&c), "scratch-guard", c.desc, 0, 0);
		kind_count[c.kind]++;
		check(case_fnv1a(c.out, c.out_bytes) == RANDOM_EXPECTED[i], "random", c.desc, case_fnv1a(c.out, c.out_bytes), RANDOM_EXPECTED[i]);
	}
	group_result("random", f0, (int)RANDOM_COUNT);
	sh_puts("COVER random with-scratch ");
	sh_put_int(scratch_cases);
	sh_puts("\n");
	for (i = 0; i < CASE_KINDS; i++) {
		sh_puts("COVER random ");
		sh_puts(kind_names[i]);
		sh_puts(" ");
		sh_put_int(kind_count[i]);
		sh_puts("\n");
	}

	f0 = failed;
	for (i = 0; i < BENCH_LAYERS; i++) {
		tcase c;
		case_reset();
		case_bench((int)i, &c);
		if (unsupported_layer(&c, "bench", BENCH_IDS[i], &unsupported))
			continue;
		check(case_validate(&c, NULL) == TINYML_OK, "bench", BENCH_IDS[i], 0, 0);
		case_run(&c);
		check(case_scratch_intact(&c), "scratch-guard", BENCH_IDS[i], 0, 0);
		check(case_fnv1a(c.out, c.out_bytes) == BENCH_EXPECTED[i], "bench", BENCH_IDS[i], case_fnv1a(c.out, c.out_bytes), BENCH_EXPECTED[i]);
	}
	group_result("bench-layers", f0, BENCH_LAYERS);

	f0 = failed;
	for (i = 0; i < GOLDEN_COUNT; i++) {
		const golden_layer* g = &GOLDEN[i];
		tcase c;
		case_reset();
		case_golden(g, &c);
		if (unsupported_layer(&c, "golden", g->name, &unsupported))
			continue;
		check(case_validate(&c, NULL) == TINYML_OK, "golden", g->name, 0, 0);
		case_run(&c);
		check(case_scratch_intact(&c), "scratch-guard", g->name, 0, 0);
		check(case_fnv1a(c.out, c.out_bytes) == g->expected, "golden", g->name, case_fnv1a(c.out, c.out_bytes), g->expected);
	}
	group_result("golden", f0, (int)GOLDEN_COUNT);

	/* The RFFT, filter bank and softmax layers of the benchmark (cases_signal.c). */
	f0 = failed;
	for (i = 0; i < SIGNAL_BENCH_LAYERS; i++) {
		scase c;
		tinyml_status st;
		case_reset();
		signal_bench((int)i, &c);
		st = signal_validate(&c, NULL);
		if (st == TINYML_ERR_UNSUPPORTED && !TINYML_VARIANTS_ALL) {
			sh_puts("UNSUPPORTED signal ");
			sh_puts(SIGNAL_BENCH_IDS[i]);
			sh_puts("\n");
			unsupported++;
			continue;
		}
		check(st == TINYML_OK, "signal", SIGNAL_BENCH_IDS[i], (uint32_t)st, 0);
		memset(c.out, 0x5A, c.out_bytes);
		signal_run(&c);
		check(case_fnv1a(c.out, c.out_bytes) == SIGNAL_BENCH_EXPECTED[i], "signal", SIGNAL_BENCH_IDS[i], case_fnv1a(c.out, c.out_bytes), SIGNAL_BENCH_EXPECTED[i]);
	}
	group_result("signal-layers", f0, SIGNAL_BENCH_LAYERS);

	sh_puts("COVER unsupported ");
	sh_put_int(unsupported);
	sh_puts("\n");
	sh_puts("SUMMARY passed ");
	sh_put_int(passed);
	sh_puts(" failed ");
	sh_put_int(failed);
	sh_puts("\n");
	return failed > 100 ? 100 : failed;
}
