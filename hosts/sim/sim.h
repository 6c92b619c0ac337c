/*
 * tinyml-sim: declarations shared by the simulator's own C files.
 *
 * Files that use the public XS API (xs.h / xsmc.h) and files that use the
 * engine internals (xsAll.h) both include this header, so it only uses
 * xsMachine, xsSlot and plain C types.
 */

#ifndef __SIM_H__
#define __SIM_H__

#include "xs.h"
#include "xs_host.h"

#define SIM_NAME "tinyml-sim"

/* Exit status for uncaught exceptions, unhandled rejections and fatal aborts. */
#define SIM_EXIT_ERROR 1

typedef struct {
	/* script arguments: everything after FILE.js on the command line */
	int argc;
	char** argv;
	/* status the process exits with (sim.exit(code), or SIM_EXIT_ERROR) */
	int exitCode;
} txSimHost;

extern txSimHost gxSim;

typedef struct {
	txXsHostHeap heap;     /* chunk and slot counters (hosts/xs_host/xs_host.h) */
	double stackUsed;      /* bytes of the XS stack in use now */
	double stackPeak;      /* deepest XS stack use so far, in bytes */
	double stackSize;      /* bytes of the XS stack */
} txSimMemory;

/* sim_platform.c: runs FILE as a module (or a script), then the event loop; returns the exit status */
extern int simRunMain(xsMachine* the, const char* path, int asScript);
/* sim_platform.c: exits now, unwinding the XS stack to simRunMain; never returns */
extern void simExit(xsMachine* the, int code) XS_FUNCTION_NORETURN;
/* sim_platform.c: records the machine's memory counters */
extern void simGetMemory(xsMachine* the, txSimMemory* memory);
/* sim_platform.c: reads a whole file into a malloc'ed buffer; NULL with errno set on failure */
extern char* simReadFile(const char* path, size_t* size);
/* sim_platform.c: milliseconds from a monotonic clock, since the sim started */
extern double simNow(void);
/* sim_platform.c: blocks the thread for ms milliseconds */
extern void simSleep(double ms);

/* sim_globals.c: defines print, trace, native, the timer functions and the sim object */
extern void simInstallGlobals(xsMachine* the);
/* sim_globals.c: throws new globalThis[constructor](message), message formatted like printf (up to 1 KB) */
extern void simThrow(xsMachine* the, const char* constructor, const char* format, ...) XS_FUNCTION_NORETURN __attribute__((format(printf, 3, 4)));

/* sim_timers.c: setTimeout and friends, backing the event loop */
extern void simSetTimeout(xsMachine* the);
extern void simSetInterval(xsMachine* the);
extern void simClearTimer(xsMachine* the);
/* when a timer is pending, stores the time it is due (simNow() scale) and returns 1 */
extern int simTimersNext(double* when);
/* calls the earliest timer if it is due; exceptions propagate to the caller */
extern void simTimersRunDue(xsMachine* the);
/* drops every pending timer (at exit) */
extern void simTimersTerminate(xsMachine* the);

/* sim_natives.c: the native(name) global */
extern void simNative(xsMachine* the);

#endif /* __SIM_H__ */
