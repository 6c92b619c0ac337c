/*
 * What the XS hosts of this project (tinyml-sim in hosts/sim, the Cortex-M4 image in
 * hosts/cortex-m/qemu/xs) share: running a phase in a host frame, reporting an exception, and the
 * machine's heap counters. Uses xsMachine and xsSlot only, so that files using the public API and
 * files using the engine internals can both include it.
 */

#ifndef __XS_HOST_H__
#define __XS_HOST_H__

#include <stddef.h>
#include "xs.h"

/*
 * xs_host_engine.c: runs phase(the, context) in a host frame; returns 0 when it returned, 1 when
 * control unwound to here (a throw nothing caught, or fxExitToHost), with the pending exception
 * copied to *thrown (undefined after fxExitToHost). The machine is back in a clean state either way.
 */
extern int xsHostProtect(xsMachine* the, void (*phase)(xsMachine* the, void* context), void* context, xsSlot* thrown);

/*
 * xs_host_engine.c: what a fatal fxAbort status means ("XS stack overflow", "XS memory full"...),
 * or NULL for the two statuses that are not fatal: an unhandled exception or rejection.
 */
extern const char* xsHostAbortReason(int status);

/* xs_host_report.c: writes "prefix: " and the exception (its stack if any) to stderr; never throws */
extern void xsHostReportException(xsMachine* the, const char* prefix, xsSlot* exception);

typedef struct {
	double chunkUsed;      /* bytes of chunk memory (strings, buffers, ...) in use */
	double chunkPeak;      /* peak of chunkUsed */
	double chunkAllocated; /* bytes of chunk memory obtained from the system */
	double slotUsed;       /* bytes of slots (objects, properties, ...) in use */
	double slotPeak;       /* peak of slotUsed */
	double slotAllocated;  /* bytes of slots obtained from the system */
	double slotSize;       /* bytes per slot */
} txXsHostHeap;

/*
 * xs_host_engine.c: the XS stack's high-water mark. xsHostPaintStack fills the unused stack with a
 * pattern (once, after creating the machine); xsHostStackPeak is then the deepest use in bytes.
 */
extern void xsHostPaintStack(xsMachine* the);
extern size_t xsHostStackPeak(xsMachine* the);

/* xs_host_engine.c: the machine's chunk and slot counters */
extern void xsHostGetHeap(xsMachine* the, txXsHostHeap* heap);

#endif /* __XS_HOST_H__ */
