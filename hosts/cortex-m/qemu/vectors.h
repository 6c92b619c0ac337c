/*
 * tinyml-xs Cortex-M test image: the expected results, computed on the host by the portable C
 * kernels (gen.c) and linked into the image as build/cortex-m/vectors.c.
 */
#ifndef TINYML_VECTORS_H
#define TINYML_VECTORS_H

#include <stddef.h>
#include <stdint.h>
#include "cases.h"

typedef struct {
	int kind;
	const char* name;
	const int32_t* params;
	size_t params_count;
	const int8_t* in1;
	size_t in1_bytes;
	const int8_t* in2;
	size_t in2_bytes;
	const int32_t* bias;
	size_t out_bytes;
	uint32_t expected; /* FNV-1a of the portable kernel's output */
} golden_layer;

/* The case of golden layer g (its output buffer from the arena: after case_reset()). */
void case_golden(const golden_layer* g, tcase* c);

extern const uint32_t RANDOM_SEED;
extern const uint32_t RANDOM_COUNT;
extern const uint32_t RANDOM_EXPECTED[]; /* FNV-1a of each random case's output */
extern const uint32_t BENCH_EXPECTED[];  /* FNV-1a of each benchmark layer's output */
extern const uint32_t SIGNAL_BENCH_EXPECTED[]; /* FNV-1a of each layer's output of cases_signal.c */
extern const uint32_t GOLDEN_COUNT;
extern const golden_layer GOLDEN[];

#endif
