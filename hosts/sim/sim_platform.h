/*
 * tinyml-sim: XS platform header for the Linux desktop simulator.
 *
 * Selected at compile time with -DINCLUDE_XSPLATFORM=1 -DXSPLATFORM="sim_platform.h"
 * (see hosts/sim/build.mjs). xsPlatform.h includes it before filling in every
 * c_* default, so this file only states what differs from those defaults:
 * the target, the machine fields the host needs, and which platform hooks
 * come from xsPlatforms.c (mxUseDefault*) versus hosts/sim/sim_platform.c.
 */

#ifndef __SIM_PLATFORM__
#define __SIM_PLATFORM__

#if !defined(__GNUC__) || !(defined(__linux__) || defined(linux))
	#error tinyml-sim builds with gcc (or clang) on Linux only
#endif

#undef mxLinux
#define mxLinux 1
#undef mxLittleEndian
#define mxLittleEndian 1

#define mxExport extern
#define mxImport extern
#define XS_FUNCTION_NORETURN __attribute__((noreturn))

#include <ctype.h>
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <errno.h>
#include <limits.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <unistd.h>

#define mxUseGCCAtomics 1
#define mxUsePOSIXThreads 1

/*
 * Per-machine fields. The three waiter* fields are required by xsAtomics.c
 * (Atomics.wait/notify with POSIX threads); simPromiseJobs is set by
 * fxQueuePromiseJobs and drained by the sim's event loop.
 */
#define mxMachinePlatform \
	void* waiterCondition; \
	void* waiterData; \
	void* waiterLink; \
	int simPromiseJobs;

/* Hooks taken from xsPlatforms.c; the others are in hosts/sim/sim_platform.c. */
#define mxUseDefaultBuildKeys 1
#define mxUseDefaultChunkAllocation 1
#define mxUseDefaultSlotAllocation 1
#define mxUseDefaultParseScript 1
#define mxUseDefaultSharedChunks 1
#define mxUseDefaultDebug 1

/*
 * XS prints parser errors and engine reports with c_printf/c_vprintf. In the
 * sim those are diagnostics, so send them to stderr and keep stdout for the
 * program's own print()/trace() output.
 */
#define c_printf(...) fprintf(stderr, __VA_ARGS__)
#define c_vprintf(FORMAT, ARGUMENTS) vfprintf(stderr, FORMAT, ARGUMENTS)

#endif /* __SIM_PLATFORM__ */
