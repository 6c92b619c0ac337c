/*
 * tinyml-m4: the cm4count region markers. The plugin opens a counting region when the code at
 * bench_start's address runs and closes it at bench_stop's; they must stay real, distinct calls.
 */

#include "m4.h"

static volatile uint32_t gxM4Marks[2];

__attribute__((noinline, noipa)) void bench_start(void)
{
	gxM4Marks[0]++;
}

__attribute__((noinline, noipa)) void bench_stop(void)
{
	gxM4Marks[1] += 2;
}
