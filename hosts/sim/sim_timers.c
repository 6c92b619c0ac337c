/*
 * tinyml-sim: setTimeout / setInterval / clearTimeout / clearInterval.
 *
 * Real time, millisecond delays (fractions allowed), timer ids are positive
 * integers. Pending timers live in a list sorted by due time (ties keep the
 * order they were set in); the event loop in sim_platform.c asks for the next
 * due time and calls simTimersRunDue. The callback and its extra arguments
 * are kept alive with xsRemember while the timer is pending or running.
 */

#include "sim.h"

typedef struct sxSimTimer txSimTimer;

struct sxSimTimer {
	txSimTimer* next;
	xsIntegerValue id;
	double when;
	double interval; /* < 0 for one-shot timers */
	int cleared;
	xsSlot function;
	xsSlot args; /* Array of the extra arguments, or undefined */
};

static txSimTimer* gxSimTimers = NULL;
static txSimTimer* gxSimRunningTimer = NULL;
static xsIntegerValue gxSimTimerID = 0;

static void simTimersInsert(txSimTimer* timer)
{
	txSimTimer** address = &gxSimTimers;
	txSimTimer* other;
	while ((other = *address) && (other->when <= timer->when))
		address = &other->next;
	timer->next = other;
	*address = timer;
}

static void simTimersFree(xsMachine* the, txSimTimer* timer)
{
	xsForget(timer->function);
	xsForget(timer->args);
	free(timer);
}

static void simTimersSet(xsMachine* the, int repeat)
{
	xsIntegerValue argc = xsToInteger(xsArgc), i;
	double delay = 0;
	txSimTimer* timer;
	if ((argc < 1) || !fxIsCallable(the, &xsArg(0)))
		simThrow(the, "TypeError", "%s: callback is not a function", repeat ? "setInterval" : "setTimeout");
	if (argc > 1) {
		delay = xsToNumber(xsArg(1));
		if (!(delay > 0)) /* also NaN */
			delay = 0;
	}
	/* build the arguments in xsResult, which is a GC root, then copy both slots and remember them */
	if (argc > 2) {
		xsResult = xsNewArray(argc - 2);
		for (i = 2; i < argc; i++)
			xsSetAt(xsResult, xsInteger(i - 2), xsArg(i));
	}
	else
		xsResult = xsUndefined;
	timer = calloc(1, sizeof(txSimTimer));
	if (!timer)
		xsUnknownError("not enough memory");
	timer->id = ++gxSimTimerID;
	timer->when = simNow() + delay;
	timer->interval = repeat ? delay : -1;
	timer->function = xsArg(0);
	timer->args = xsResult;
	xsRemember(timer->function);
	xsRemember(timer->args);
	simTimersInsert(timer);
	xsResult = xsInteger(timer->id);
}

void simSetTimeout(xsMachine* the)
{
	simTimersSet(the, 0);
}

void simSetInterval(xsMachine* the)
{
	simTimersSet(the, 1);
}

void simClearTimer(xsMachine* the)
{
	xsIntegerValue id;
	txSimTimer** address = &gxSimTimers;
	txSimTimer* timer;
	if ((xsToInteger(xsArgc) < 1) || (xsTypeOf(xsArg(0)) != xsIntegerType && xsTypeOf(xsArg(0)) != xsNumberType))
		return; /* like browsers: clearing anything else is a no-op */
	id = xsToInteger(xsArg(0));
	if (gxSimRunningTimer && (gxSimRunningTimer->id == id)) {
		gxSimRunningTimer->cleared = 1;
		return;
	}
	while ((timer = *address)) {
		if (timer->id == id) {
			*address = timer->next;
			simTimersFree(the, timer);
			return;
		}
		address = &timer->next;
	}
}

int simTimersNext(double* when)
{
	if (!gxSimTimers)
		return 0;
	*when = gxSimTimers->when;
	return 1;
}

void simTimersRunDue(xsMachine* the)
{
	txSimTimer* timer = gxSimTimers;
	double start = simNow();
	if (!timer || (timer->when > start))
		return;
	gxSimTimers = timer->next;
	timer->next = NULL;
	gxSimRunningTimer = timer;
	if (xsTypeOf(timer->args) == xsUndefinedType)
		xsCallFunction0(timer->function, xsUndefined);
	else
		xsCall2(timer->function, xsID("apply"), xsUndefined, timer->args);
	gxSimRunningTimer = NULL;
	if (!timer->cleared && (timer->interval >= 0)) {
		timer->when = start + timer->interval;
		simTimersInsert(timer);
	}
	else
		simTimersFree(the, timer);
}

void simTimersTerminate(xsMachine* the)
{
	txSimTimer* timer;
	if (gxSimRunningTimer) {
		simTimersFree(the, gxSimRunningTimer);
		gxSimRunningTimer = NULL;
	}
	while ((timer = gxSimTimers)) {
		gxSimTimers = timer->next;
		simTimersFree(the, timer);
	}
}
