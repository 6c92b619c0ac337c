/*
 * XS hosts: running a phase in a host frame, the heap counters, what an abort status means
 * (engine internals, xsAll.h).
 */

#include "xsAll.h"
#include "xs_host.h"

int xsHostProtect(txMachine* the, void (*phase)(txMachine* the, void* context), void* context, txSlot* thrown)
{
	int unwound = 0;
	txJump jump;
	jump.nextJump = the->firstJump;
	jump.stack = the->stack;
	jump.scope = the->scope;
	jump.frame = the->frame;
	jump.environment = C_NULL;
	jump.code = the->code;
	jump.flag = 0;
	the->firstJump = &jump;
	if (c_setjmp(jump.buffer) == 0) {
		fxBeginHost(the);
		(*phase)(the, context);
		fxEndHost(the);
	}
	else {
		unwound = 1;
		thrown->kind = mxException.kind;
		thrown->value = mxException.value;
	}
	mxException = mxUndefined;
	the->stack = jump.stack;
	the->scope = jump.scope;
	the->frame = jump.frame;
	the->code = jump.code;
	the->firstJump = jump.nextJump;
	return unwound;
}

#define mxXsHostStackFill 0xA5

void xsHostPaintStack(txMachine* the)
{
	c_memset(the->stackBottom, mxXsHostStackFill, (char*)the->stack - (char*)the->stackBottom);
}

/*
 * XS pushes from stackTop down; its number conversions (xsdtoa.c) and regular expressions (xsre.c)
 * also borrow the free bottom of the stack as scratch. So the peak is where the slots written
 * below the current top end: walk down from the current stack to the first slot still painted.
 */
size_t xsHostStackPeak(txMachine* the)
{
	const txSlot* slot = the->stack;
	while (slot > the->stackBottom) {
		const unsigned char* p = (const unsigned char*)(slot - 1);
		size_t i;
		for (i = 0; (i < sizeof(txSlot)) && (p[i] == mxXsHostStackFill); i++)
			;
		if (i == sizeof(txSlot))
			break;
		slot--;
	}
	return (size_t)((const char*)the->stackTop - (const char*)slot);
}

void xsHostGetHeap(txMachine* the, txXsHostHeap* heap)
{
	heap->chunkUsed = (double)the->currentChunksSize;
	heap->chunkPeak = (double)the->peakChunksSize;
	heap->chunkAllocated = (double)the->maximumChunksSize;
	heap->slotUsed = (double)the->currentHeapCount * sizeof(txSlot);
	heap->slotPeak = (double)the->peakHeapCount * sizeof(txSlot);
	heap->slotAllocated = (double)the->maximumHeapCount * sizeof(txSlot);
	heap->slotSize = (double)sizeof(txSlot);
}

const char* xsHostAbortReason(int status)
{
	switch (status) {
	case XS_UNHANDLED_EXCEPTION_EXIT:
	case XS_UNHANDLED_REJECTION_EXIT:
		return NULL;
	case XS_STACK_OVERFLOW_EXIT:
		return "XS stack overflow";
	case XS_NOT_ENOUGH_MEMORY_EXIT:
		return "XS memory full";
	case XS_NO_MORE_KEYS_EXIT:
		return "not enough keys";
	case XS_DEAD_STRIP_EXIT:
		return "dead strip";
	case XS_TOO_MUCH_COMPUTATION_EXIT:
		return "too much computation";
	default:
		return "fatal error";
	}
}
