/*
 * tinyml-m4: the globals the bundle sees on the image.
 *
 *   print(...args)   String(arg) joined by " ", then "\n", to stdout
 *   native(name)     the C host function registered under name (m4_natives.c)
 *   m4               { args, readFile, mapFile, writeFile, exit, memory, paintCStack, gc,
 *                      benchStart, benchStop, countKernels, stdout, stderr }
 *
 * Written with the xsmc API, like natives on devices. hosts/cortex-m/qemu/xs/globals.ts types them.
 */

#include "xsmc.h"
#include "m4.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void m4Throw(xsMachine* the, const char* constructor, const char* format, const char* detail, const char* why)
{
	char message[512];
	snprintf(message, sizeof(message), format, detail, why);
	xsThrow(xsNew1(xsGlobal, xsID(constructor), xsString(message)));
}

/* OUTPUT */

static void m4WriteArgs(xsMachine* the, int stream, const char* separator, const char* end)
{
	xsIntegerValue c = xsmcArgc, i;
	xsmcVars(1);
	/* convert everything first, so that a throwing toString prints nothing */
	xsmcGet(xsVar(0), xsGlobal, xsID("String"));
	for (i = 0; i < c; i++)
		xsArg(i) = xsCallFunction1(xsVar(0), xsUndefined, xsArg(i));
	for (i = 0; i < c; i++) {
		const char* text;
		if (i && separator)
			m4Write(stream, separator, strlen(separator));
		text = xsmcToString(xsArg(i));
		m4Write(stream, text, strlen(text));
	}
	if (end)
		m4Write(stream, end, strlen(end));
}

static void m4_print(xsMachine* the)
{
	m4WriteArgs(the, 1, " ", "\n");
}

static void m4_stdout(xsMachine* the)
{
	m4WriteArgs(the, 1, NULL, NULL);
}

static void m4_stderr(xsMachine* the)
{
	m4WriteArgs(the, 2, NULL, NULL);
}

/* FILES */

static const char* m4PathArgument(xsMachine* the, const char* function)
{
	if ((xsmcArgc < 1) || (xsmcTypeOf(xsArg(0)) != xsStringType))
		m4Throw(the, "TypeError", "%s: path must be a string%s", function, "");
	return xsmcToString(xsArg(0));
}

static char* m4ReadArgument(xsMachine* the, const char* function, char* path, size_t* size)
{
	const char* error = NULL;
	char* data;
	snprintf(path, 256, "%s", m4PathArgument(the, function));
	data = m4ReadFile(path, size, &error);
	if (!data)
		m4Throw(the, "Error", "cannot read %s: %s", path, error);
	return data;
}

/* m4.readFile(path): the whole file as an ArrayBuffer in the XS chunk heap */
static void m4_readFile(xsMachine* the)
{
	char path[256];
	size_t size = 0;
	char* data = m4ReadArgument(the, "m4.readFile", path, &size);
	xsTry {
		xsmcSetArrayBuffer(xsResult, data, (xsIntegerValue)size);
	}
	xsCatch {
		free(data);
		xsThrow(xsException);
	}
	free(data);
}

/* m4.mapFile(path): the whole file as a read-only host buffer outside the XS heap, as a Resource in flash */
static void m4_mapFile(xsMachine* the)
{
	char path[256];
	size_t size = 0;
	char* data = m4ReadArgument(the, "m4.mapFile", path, &size);
	xsResult = xsNewHostObject(NULL);
	xsmcSetHostBuffer(xsResult, data, (xsIntegerValue)size); /* kept until the image exits */
}

/* m4.writeFile(path, data): data is an ArrayBuffer or a Uint8Array */
static void m4_writeFile(xsMachine* the)
{
	char path[256];
	void* data;
	xsUnsignedValue size;
	const char* error;
	snprintf(path, sizeof(path), "%s", m4PathArgument(the, "m4.writeFile"));
	if (xsmcArgc < 2)
		m4Throw(the, "TypeError", "%s: missing data%s", "m4.writeFile", "");
	xsmcGetBufferReadable(xsArg(1), &data, &size);
	error = m4WriteFile(path, data, size);
	if (error)
		m4Throw(the, "Error", "cannot write %s: %s", path, error);
}

/* PROCESS */

static void m4_exit(xsMachine* the)
{
	int code = (xsmcArgc > 0) ? xsmcToInteger(xsArg(0)) : 0;
	m4Exit(the, code);
}

static void m4_gc(xsMachine* the)
{
	xsCollectGarbage();
}

static void m4SetNumber(xsMachine* the, const char* name, double value)
{
	xsmcSetNumber(xsVar(0), value);
	xsmcSet(xsResult, xsID(name), xsVar(0));
}

static void m4_memory(xsMachine* the)
{
	txM4Memory memory;
	xsmcVars(1);
	m4GetMemory(the, &memory);
	xsmcSetNewObject(xsResult);
	m4SetNumber(the, "chunkUsed", memory.heap.chunkUsed);
	m4SetNumber(the, "chunkPeak", memory.heap.chunkPeak);
	m4SetNumber(the, "chunkAllocated", memory.heap.chunkAllocated);
	m4SetNumber(the, "slotUsed", memory.heap.slotUsed);
	m4SetNumber(the, "slotPeak", memory.heap.slotPeak);
	m4SetNumber(the, "slotAllocated", memory.heap.slotAllocated);
	m4SetNumber(the, "slotSize", memory.heap.slotSize);
	m4SetNumber(the, "stackPeak", memory.stackPeak);
	m4SetNumber(the, "stackSize", memory.stackSize);
	m4SetNumber(the, "cStackPeak", memory.cStackPeak);
	m4SetNumber(the, "cStackSize", memory.cStackSize);
	m4SetNumber(the, "regionBytes", memory.regionBytes);
}

/* m4.paintCStack(): restarts the C stack high-water mark from the current depth */
static void m4_paintCStack(xsMachine* the)
{
	m4PaintCStack();
}

/* MARKERS */

static void m4_benchStart(xsMachine* the)
{
	bench_start();
}

static void m4_benchStop(xsMachine* the)
{
	bench_stop();
}

static void m4_countKernels(xsMachine* the)
{
	gxM4CountKernels = (xsmcArgc > 0) && xsmcTest(xsArg(0));
}

/* INSTALL */

static void m4DefineFunction(xsMachine* the, xsSlot* object, const char* name, xsCallback callback, xsIntegerValue length)
{
	xsVar(1) = xsNewHostFunction(callback, length);
	xsmcDefine(*object, xsID(name), xsVar(1), xsDontEnum);
}

void m4InstallGlobals(xsMachine* the, const char* args)
{
	xsmcVars(2);
	m4DefineFunction(the, &xsGlobal, "print", m4_print, 0);
	m4DefineFunction(the, &xsGlobal, "native", m4Native, 1);

	xsmcSetNewObject(xsVar(0));
	m4DefineFunction(the, &xsVar(0), "readFile", m4_readFile, 1);
	m4DefineFunction(the, &xsVar(0), "mapFile", m4_mapFile, 1);
	m4DefineFunction(the, &xsVar(0), "writeFile", m4_writeFile, 2);
	m4DefineFunction(the, &xsVar(0), "exit", m4_exit, 1);
	m4DefineFunction(the, &xsVar(0), "memory", m4_memory, 0);
	m4DefineFunction(the, &xsVar(0), "paintCStack", m4_paintCStack, 0);
	m4DefineFunction(the, &xsVar(0), "gc", m4_gc, 0);
	m4DefineFunction(the, &xsVar(0), "benchStart", m4_benchStart, 0);
	m4DefineFunction(the, &xsVar(0), "benchStop", m4_benchStop, 0);
	m4DefineFunction(the, &xsVar(0), "countKernels", m4_countKernels, 1);
	m4DefineFunction(the, &xsVar(0), "stdout", m4_stdout, 1);
	m4DefineFunction(the, &xsVar(0), "stderr", m4_stderr, 1);
	xsmcSetNewArray(xsVar(1), 1);
	xsResult = xsString(args);
	xsmcSetIndex(xsVar(1), 0, xsResult);
	xsmcDefine(xsVar(0), xsID("args"), xsVar(1), xsDontEnum);
	xsmcDefine(xsGlobal, xsID("m4"), xsVar(0), xsDontEnum);
}
