/*
 * tinyml-xs Cortex-M test and benchmark images: kernel cases (packed params, inputs, filter, bias)
 * made from a seed by the same C code on the host (where the portable kernels compute the expected
 * outputs) and on the emulated target (where the DSP kernels run), plus the five benchmark layers.
 */
#ifndef TINYML_CASES_H
#define TINYML_CASES_H

#include <stddef.h>
#include <stdint.h>
#include "tinyml_kernels.h"

enum { CASE_CONV, CASE_DW, CASE_FC, CASE_AVG_POOL, CASE_MAX_POOL, CASE_ADD, CASE_SUB, CASE_KINDS };

typedef struct {
	int kind;
	int32_t* params;
	size_t params_count;
	const int8_t* in1;   /* input (input1 for ADD / SUB) */
	size_t in1_bytes;
	const int8_t* in2;   /* filter (input2 for ADD / SUB; unused by the pools) */
	size_t in2_bytes;
	const int32_t* bias; /* NULL when there is none */
	int8_t* out;
	size_t out_bytes;
	void* scratch;       /* the kernel's work buffer (case_validate) */
	size_t scratch_bytes;
	uint64_t macs;
	char desc[120];
} tcase;

/* A bump allocator over a static arena, emptied by case_reset(). */
void case_reset(void);
void* case_alloc(size_t bytes);

/* Random case `index` of the run seeded `seed` (buffers in the arena). */
void case_random(uint32_t seed, uint32_t index, tcase* c);

/* Benchmark layers, in the order of BENCH_IDS: the five benchmark layers, then four synthetic shapes at
 * common size limits (3x3 convs over 56 and 64 channels, fully connected 512 and 1024 deep), then a max
 * pool over five channels and an ADD (kernels no test model's layer reaches). */
#define BENCH_LAYERS 11
extern const char* const BENCH_IDS[BENCH_LAYERS];
void case_bench(int layer, tcase* c);

/*
 * Validation and execution through the public kernel functions. case_validate first gives a case
 * the scratch its kernel asks for (from the arena), as TFLM's prepare does.
 */
tinyml_status case_validate(tcase* c, const char** field);
void case_run(const tcase* c);

/* The bytes just past a case's scratch (a guard pattern case_validate writes there): whether the
 * kernel left them as they were (it must not write past the scratch it asked for). */
#define CASE_SCRATCH_GUARD 64
#define CASE_GUARD_BYTE 0xC3
int case_scratch_intact(const tcase* c);

/* Multiply-accumulates of a conv, depthwise or fully connected case (0 for the others). */
uint64_t case_macs(const tcase* c);

/* FNV-1a of a byte buffer. */
uint32_t case_fnv1a(const void* data, size_t bytes);

#endif
