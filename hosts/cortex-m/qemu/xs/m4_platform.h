/*
 * tinyml-m4: XS platform header for the bare-metal Cortex-M4F image (QEMU mps2-an386).
 *
 * Selected with -DINCLUDE_XSPLATFORM=1 -DXSPLATFORM="m4_platform.h" (see build.mjs here).
 * xsPlatform.h includes it before filling in every c_* default, so it only states what differs
 * from those defaults: a 32-bit little-endian target with newlib and no OS (no threads, no
 * atomics, no sockets), the machine fields the host needs, and which platform hooks come from
 * xsPlatforms.c (mxUseDefault*) versus m4_platform.c.
 */

#ifndef __M4_PLATFORM__
#define __M4_PLATFORM__

#if !defined(__arm__) || !defined(__ARM_ARCH_7EM__)
	#error tinyml-m4 builds with arm-none-eabi-gcc for a Cortex-M4 only
#endif

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
#include <sys/time.h>

/* No file system paths beyond what semihosting opens: keep path buffers small. */
#define C_PATH_MAX 256

/* m4PromiseJobs is set by fxQueuePromiseJobs and drained by the image's job loop. */
#define mxMachinePlatform \
	int m4PromiseJobs;

/* Hooks taken from xsPlatforms.c; the others are in m4_platform.c and m4_memory.c. */
#define mxUseDefaultBuildKeys 1
#define mxUseDefaultParseScript 1
#define mxUseDefaultSharedChunks 1
#define mxUseDefaultDebug 1

/* XS's own reports (parser errors, engine messages) are diagnostics: stderr. */
#define c_printf(...) fprintf(stderr, __VA_ARGS__)
#define c_vprintf(FORMAT, ARGUMENTS) vfprintf(stderr, FORMAT, ARGUMENTS)

#endif /* __M4_PLATFORM__ */
