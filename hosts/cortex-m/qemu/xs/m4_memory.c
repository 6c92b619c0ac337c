/*
 * tinyml-m4: where memory comes from.
 *
 * XS takes its chunk heap, slot heap and stack from one fixed region of M4_XS_REGION_BYTES
 * (a build setting, as on a board where the XS heap is a static block), each in one piece:
 * the job's creation values have no increments, so XS never asks twice and reports "memory
 * full" when a heap is exhausted. malloc (the parser's temporary memory, file buffers, the
 * model bytes standing for flash) has the rest of RAM above .bss; the C stack has the top
 * M4_C_STACK_BYTES of RAM. Both stacks are painted so that their deepest use can be read back.
 */

#include "xsAll.h"
#include "m4.h"

#ifndef M4_XS_REGION_BYTES
	#define M4_XS_REGION_BYTES (1536 * 1024)
#endif
#ifndef M4_C_STACK_BYTES
	#define M4_C_STACK_BYTES (64 * 1024)
#endif

#define M4_STACK_FILL 0xA5

static uint8_t gxM4Region[M4_XS_REGION_BYTES] __attribute__((aligned(16)));
static size_t gxM4RegionUsed = 0;
static size_t gxM4RegionLimit = M4_XS_REGION_BYTES;

size_t m4RegionBytes(void)
{
	return gxM4RegionLimit;
}

/* The memory configured for this job: at most the whole region. */
void m4LimitRegion(size_t bytes)
{
	if ((bytes > 0) && (bytes < M4_XS_REGION_BYTES))
		gxM4RegionLimit = bytes & ~(size_t)15;
}

static size_t m4Round(size_t size)
{
	return (size + 15) & ~(size_t)15;
}

long m4ChunkRoom(long heapSlots, long stackSlots)
{
	size_t slots = m4Round((size_t)(heapSlots + stackSlots) * sizeof(txSlot)) + 16;
	size_t header = m4Round(sizeof(txBlock));
	if (slots + header >= gxM4RegionLimit)
		return 0;
	return (long)(gxM4RegionLimit - slots - header);
}

static void* m4Allocate(size_t size)
{
	void* result;
	size = m4Round(size);
	if ((size == 0) || (size > gxM4RegionLimit - gxM4RegionUsed))
		return NULL;
	result = gxM4Region + gxM4RegionUsed;
	gxM4RegionUsed += size;
	return result;
}

void* fxAllocateChunks(txMachine* the, txSize size)
{
	return m4Allocate((size_t)size);
}

void fxFreeChunks(txMachine* the, void* chunks)
{
	/* the region is released as a whole when the image exits */
}

txSlot* fxAllocateSlots(txMachine* the, txSize count)
{
	return (txSlot*)m4Allocate((size_t)count * sizeof(txSlot));
}

void fxFreeSlots(txMachine* the, void* slots)
{
}

/* C STACK */

extern uint32_t _stack_top[];

/* The top of RAM, hidden from the optimizer (which would see offsets below a symbol as out of bounds). */
static uint8_t* m4StackTop(void)
{
	uintptr_t top = (uintptr_t)_stack_top;
	__asm__("" : "+r"(top));
	return (uint8_t*)top;
}

size_t m4CStackBytes(void)
{
	return M4_C_STACK_BYTES;
}

void m4PaintCStack(void)
{
	uint8_t* bottom = m4StackTop() - M4_C_STACK_BYTES;
	uint8_t* here = (uint8_t*)__builtin_frame_address(0) - 256; /* leave this function's frame alone */
	if (here > bottom)
		memset(bottom, M4_STACK_FILL, (size_t)(here - bottom));
}

size_t m4CStackPeak(void)
{
	const uint8_t* top = m4StackTop();
	const uint8_t* p = top - M4_C_STACK_BYTES;
	while ((p < top) && (*p == M4_STACK_FILL))
		p++;
	return (size_t)(top - p);
}

void m4GetMemory(txMachine* the, txM4Memory* memory)
{
	xsHostGetHeap(the, &memory->heap);
	memory->stackPeak = (double)xsHostStackPeak(the);
	memory->stackSize = (double)(the->stackTop - the->stackBottom) * sizeof(txSlot);
	memory->cStackPeak = (double)m4CStackPeak();
	memory->cStackSize = (double)M4_C_STACK_BYTES;
	memory->regionBytes = (double)gxM4RegionLimit;
}
