/*
 * tinyml-xs Cortex-M benchmark image: layers of the kernels that are neither MAC kernels nor int8
 * element-wise ones: the audio front-end's SignalRfft and SignalFilterBank (at the micro_speech
 * front-end's sizes; the RFFT also at 256 points, its radix-2 butterfly, and 480, its radix-3 and
 * radix-5 ones) and the classifier head's SOFTMAX, int8 and int16. Made from a seed by the same
 * C code on the host (gen.c, where the portable kernels compute the expected checksums) and on the
 * emulated target (bench_main.c counts their instructions).
 */
#ifndef TINYML_CASES_SIGNAL_H
#define TINYML_CASES_SIGNAL_H

#include <stddef.h>
#include <stdint.h>
#include "tinyml_kernels.h"

enum { SIGNAL_RFFT, SIGNAL_FILTER_BANK, SIGNAL_SOFTMAX_INT8, SIGNAL_SOFTMAX_INT16 };

typedef struct {
	int kind;
	int32_t* params;
	size_t params_count;
	const void* in1;    /* the input */
	size_t in1_bytes;
	const void* in2;    /* filter bank weights, softmax int16 tables */
	size_t in2_bytes;
	const void* in3;    /* filter bank unweights */
	size_t in3_bytes;
	void* out;
	size_t out_bytes;
	void* scratch;      /* the RFFT's work buffer */
	size_t scratch_bytes;
} scase;

#define SIGNAL_BENCH_LAYERS 8
extern const char* const SIGNAL_BENCH_IDS[SIGNAL_BENCH_LAYERS];

/* Benchmark layer `layer` (buffers from cases.h's arena: after case_reset()). */
void signal_bench(int layer, scase* c);
tinyml_status signal_validate(const scase* c, const char** field);
void signal_run(const scase* c);

#endif
