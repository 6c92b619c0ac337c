/*
 * tinyml-m4: declarations shared by the C files of the bare-metal XS image.
 *
 * Files using the public XS API (xs.h / xsmc.h) and files using the engine internals (xsAll.h)
 * both include this header, so it only uses xsMachine, xsSlot and plain C types.
 */

#ifndef __M4_H__
#define __M4_H__

#include <stddef.h>
#include <stdint.h>
#include "xs.h"
#include "xs_host.h"

#define M4_NAME "tinyml-m4"

/* Exit status: 0 success, 1 an uncaught exception or rejection, 2 a bad job file, 3 XS memory
 * full, 4 another fatal engine error, 5 the instruction limit (watchdog) was reached. */
#define M4_EXIT_ERROR 1
#define M4_EXIT_BAD_JOB 2
#define M4_EXIT_MEMORY_FULL 3
#define M4_EXIT_FATAL 4
#define M4_EXIT_WATCHDOG 5

/* The job the image runs, from the job file (see m4_main.c). */
typedef struct {
	long chunkBytes;      /* XS chunk heap, one block */
	long heapSlots;       /* XS slot heap, one block */
	long stackSlots;      /* XS stack */
	long watchdogTicks;   /* SysTick periods (2,621,440 instructions each, see m4_watchdog.c) before the watchdog fires; 0: off */
	long regionBytes;     /* bytes of the XS region this job may use (0: all of it) */
	char bundle[256];     /* the runtime bundle (an ES module), a host path */
	const char* args;     /* the rest of the job file: the JavaScript's m4.args[0] */
} txM4Job;

/* m4_files.c: reads a whole host file through semihosting into malloc'ed memory, with a 0 byte after
 * its end; NULL when it cannot (*error says why) */
extern char* m4ReadFile(const char* path, size_t* size, const char** error);
/* m4_files.c: writes bytes to a host file through semihosting; 0 on success, else says why */
extern const char* m4WriteFile(const char* path, const void* data, size_t size);
/* m4_files.c: text to the host's stdout (1) or stderr (2) */
extern void m4Write(int stream, const char* text, size_t length);

/* m4_memory.c: the fixed region XS takes its chunks, slots and stack from; a job may use less of it */
extern size_t m4RegionBytes(void);
extern void m4LimitRegion(size_t bytes);
/* m4_memory.c: bytes of the region left for the chunk heap once the slots and the stack are placed */
extern long m4ChunkRoom(long heapSlots, long stackSlots);
/* m4_memory.c: fills the free C stack with a pattern; m4CStackPeak() is then the deepest use in bytes */
extern void m4PaintCStack(void);
extern size_t m4CStackPeak(void);
extern size_t m4CStackBytes(void);
typedef struct {
	txXsHostHeap heap;                           /* chunk and slot counters; 16-byte slots on this 32-bit target */
	double stackPeak, stackSize;                 /* XS stack, bytes (peak since the last paint) */
	double cStackPeak, cStackSize;               /* C stack, bytes (peak since the last paint) */
	double regionBytes;                          /* the fixed region XS's memory comes from */
} txM4Memory;

/* m4_memory.c: the machine's memory counters and both stacks' high-water marks */
extern void m4GetMemory(xsMachine* the, txM4Memory* memory);

/* m4_platform.c: defines the globals (args: m4.args[0]), runs the bundle as a module, then promise
 * jobs until none remain; returns the exit status */
extern int m4RunMain(xsMachine* the, const char* path, const char* args);
/* m4_platform.c: exits now with code, unwinding the XS stack to m4RunMain */
extern void m4Exit(xsMachine* the, int code) XS_FUNCTION_NORETURN;

/* m4_globals.c: defines print and the m4 object (args, files, memory, markers, exit) */
extern void m4InstallGlobals(xsMachine* the, const char* args);

/* m4_natives.c: native(name) */
extern void m4Native(xsMachine* the);
/* m4_natives.c: when on, each native kernel call is a cm4count region (bench_start ... bench_stop) */
extern int gxM4CountKernels;

/* m4_markers.c: the cm4count region markers (never inlined: the plugin watches their addresses) */
extern void bench_start(void);
extern void bench_stop(void);

/* m4_watchdog.c: starts SysTick so that the image stops after `ticks` periods (see there) */
extern void m4StartWatchdog(long ticks);

#endif /* __M4_H__ */
