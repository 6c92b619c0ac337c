/*
 * tinyml-xs bare-metal images: the xorshift32 generator the twin images (lstm_main.c, main_16x8.c)
 * draw their random layers from, the same sequence on every run.
 */
#ifndef TINYML_XORSHIFT_H
#define TINYML_XORSHIFT_H

#include <stdint.h>

static uint32_t rng_state = 2463534242u;

static inline uint32_t next(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* lo..hi inclusive. */
static inline int32_t between(int32_t lo, int32_t hi)
{
	return lo + (int32_t)(next() % (uint32_t)(hi - lo + 1));
}

#endif
