/*
 * tinyml-sim: the globals scripts see.
 *
 *   print(...args)      String(arg) joined by " ", then "\n", to stdout
 *   trace(...args)      String(arg) concatenated, no newline, to stdout
 *   setTimeout / clearTimeout / setInterval / clearInterval   (sim_timers.c)
 *   native(name)        the host function registered under name (sim_natives.c)
 *   sim                 { args, readFile, writeFile, exit, now, memory, gc, stdout, stderr }
 *
 * Written with the xsmc API, like natives on devices.
 */

#include "xsmc.h"
#include "sim.h"

#include <stdarg.h>

/* ERRORS */

void simThrow(xsMachine* the, const char* constructor, const char* format, ...)
{
	char message[1024];
	va_list arguments;
	va_start(arguments, format);
	vsnprintf(message, sizeof(message), format, arguments);
	va_end(arguments);
	xsThrow(xsNew1(xsGlobal, xsID(constructor), xsString(message)));
}

/* OUTPUT */

static void simWriteArgs(xsMachine* the, FILE* stream, const char* separator, const char* end)
{
	xsIntegerValue c = xsmcArgc, i;
	xsmcVars(1);
	/* convert everything first, so that a throwing toString prints nothing */
	xsmcGet(xsVar(0), xsGlobal, xsID("String"));
	for (i = 0; i < c; i++)
		xsArg(i) = xsCallFunction1(xsVar(0), xsUndefined, xsArg(i));
	for (i = 0; i < c; i++) {
		if (i && separator)
			fputs(separator, stream);
		fputs(xsmcToString(xsArg(i)), stream);
	}
	if (end)
		fputs(end, stream);
}

static void sim_print(xsMachine* the)
{
	simWriteArgs(the, stdout, " ", "\n");
}

static void sim_trace(xsMachine* the)
{
	simWriteArgs(the, stdout, NULL, NULL);
}

static void sim_stdout(xsMachine* the)
{
	simWriteArgs(the, stdout, NULL, NULL);
}

static void sim_stderr(xsMachine* the)
{
	fflush(stdout);
	simWriteArgs(the, stderr, NULL, NULL);
}

/* FILES */

static const char* simPathArgument(xsMachine* the, const char* function)
{
	if ((xsmcArgc < 1) || (xsmcTypeOf(xsArg(0)) != xsStringType))
		simThrow(the, "TypeError", "%s: path must be a string", function);
	return xsmcToString(xsArg(0));
}

static void sim_readFile(xsMachine* the)
{
	char path[PATH_MAX];
	size_t size = 0;
	char* data;
	snprintf(path, sizeof(path), "%s", simPathArgument(the, "sim.readFile"));
	data = simReadFile(path, &size);
	if (!data)
		simThrow(the, "Error", "sim.readFile: cannot read %s: %s", path, strerror(errno));
	xsTry {
		xsmcSetArrayBuffer(xsResult, data, (xsIntegerValue)size);
	}
	xsCatch {
		free(data);
		xsThrow(xsException);
	}
	free(data);
}

/* The bytes of an ArrayBuffer, a DataView or any typed array. */
static void simGetBytes(xsMachine* the, xsSlot* slot, void** data, size_t* size, const char* function)
{
	xsUnsignedValue count;
	xsIntegerValue offset, length;
	if (xsmcTypeOf(*slot) == xsReferenceType) {
		if (xsmcIsInstanceOf(*slot, xsArrayBufferPrototype) || xsmcIsInstanceOf(*slot, xsDataViewPrototype)) {
			xsmcGetBufferReadable(*slot, data, &count);
			*size = count;
			return;
		}
		if (xsmcIsInstanceOf(*slot, xsTypedArrayPrototype)) {
			xsmcVars(1);
			xsmcGet(xsVar(0), *slot, xsID("byteOffset"));
			offset = xsmcToInteger(xsVar(0));
			xsmcGet(xsVar(0), *slot, xsID("byteLength"));
			length = xsmcToInteger(xsVar(0));
			xsmcGet(xsVar(0), *slot, xsID("buffer"));
			xsmcGetBufferReadable(xsVar(0), data, &count);
			if ((offset < 0) || (length < 0) || ((xsUnsignedValue)offset + (xsUnsignedValue)length > count))
				simThrow(the, "RangeError", "%s: typed array out of bounds", function);
			*data = (char*)*data + offset;
			*size = (size_t)length;
			return;
		}
	}
	simThrow(the, "TypeError", "%s: data must be an ArrayBuffer, a typed array or a DataView", function);
}

static void sim_writeFile(xsMachine* the)
{
	char path[PATH_MAX];
	void* data;
	size_t size, written;
	FILE* file;
	int failed;
	snprintf(path, sizeof(path), "%s", simPathArgument(the, "sim.writeFile"));
	if (xsmcArgc < 2)
		simThrow(the, "TypeError", "sim.writeFile: missing data");
	simGetBytes(the, &xsArg(1), &data, &size, "sim.writeFile");
	/* no XS allocation from here on: data cannot move */
	file = fopen(path, "wb");
	if (!file)
		simThrow(the, "Error", "sim.writeFile: cannot write %s: %s", path, strerror(errno));
	written = size ? fwrite(data, 1, size, file) : 0;
	failed = (written != size);
	if (fclose(file) != 0)
		failed = 1;
	if (failed)
		simThrow(the, "Error", "sim.writeFile: cannot write %s: %s", path, strerror(errno));
}

/* PROCESS */

static void sim_exit(xsMachine* the)
{
	int code = (xsmcArgc > 0) ? xsmcToInteger(xsArg(0)) : 0;
	simExit(the, code);
}

static void sim_now(xsMachine* the)
{
	xsmcSetNumber(xsResult, simNow());
}

static void sim_gc(xsMachine* the)
{
	xsCollectGarbage();
}

static void simSetNumberProperty(xsMachine* the, xsSlot* object, const char* name, double value)
{
	xsmcSetNumber(xsVar(0), value);
	xsmcSet(*object, xsID(name), xsVar(0));
}

static void sim_memory(xsMachine* the)
{
	txSimMemory memory;
	xsmcVars(1);
	simGetMemory(the, &memory);
	xsmcSetNewObject(xsResult);
	simSetNumberProperty(the, &xsResult, "chunkUsed", memory.heap.chunkUsed);
	simSetNumberProperty(the, &xsResult, "chunkPeak", memory.heap.chunkPeak);
	simSetNumberProperty(the, &xsResult, "chunkAllocated", memory.heap.chunkAllocated);
	simSetNumberProperty(the, &xsResult, "slotUsed", memory.heap.slotUsed);
	simSetNumberProperty(the, &xsResult, "slotPeak", memory.heap.slotPeak);
	simSetNumberProperty(the, &xsResult, "slotAllocated", memory.heap.slotAllocated);
	simSetNumberProperty(the, &xsResult, "slotSize", memory.heap.slotSize);
	simSetNumberProperty(the, &xsResult, "stackUsed", memory.stackUsed);
	simSetNumberProperty(the, &xsResult, "stackPeak", memory.stackPeak);
	simSetNumberProperty(the, &xsResult, "stackSize", memory.stackSize);
}

/* INSTALL */

static void simDefineFunction(xsMachine* the, xsSlot* object, const char* name, xsCallback callback, xsIntegerValue length)
{
	xsVar(1) = xsNewHostFunction(callback, length);
	xsmcDefine(*object, xsID(name), xsVar(1), xsDontEnum);
}

void simInstallGlobals(xsMachine* the)
{
	int i;
	xsmcVars(2);

	simDefineFunction(the, &xsGlobal, "print", sim_print, 0);
	simDefineFunction(the, &xsGlobal, "trace", sim_trace, 0);
	simDefineFunction(the, &xsGlobal, "setTimeout", simSetTimeout, 2);
	simDefineFunction(the, &xsGlobal, "setInterval", simSetInterval, 2);
	simDefineFunction(the, &xsGlobal, "clearTimeout", simClearTimer, 1);
	simDefineFunction(the, &xsGlobal, "clearInterval", simClearTimer, 1);
	simDefineFunction(the, &xsGlobal, "native", simNative, 1);

	xsmcSetNewObject(xsVar(0));
	simDefineFunction(the, &xsVar(0), "readFile", sim_readFile, 1);
	simDefineFunction(the, &xsVar(0), "writeFile", sim_writeFile, 2);
	simDefineFunction(the, &xsVar(0), "exit", sim_exit, 1);
	simDefineFunction(the, &xsVar(0), "now", sim_now, 0);
	simDefineFunction(the, &xsVar(0), "memory", sim_memory, 0);
	simDefineFunction(the, &xsVar(0), "gc", sim_gc, 0);
	simDefineFunction(the, &xsVar(0), "stdout", sim_stdout, 1);
	simDefineFunction(the, &xsVar(0), "stderr", sim_stderr, 1);
	xsmcSetNewArray(xsVar(1), gxSim.argc);
	for (i = 0; i < gxSim.argc; i++) {
		xsResult = xsString(gxSim.argv[i]);
		xsmcSetIndex(xsVar(1), i, xsResult);
	}
	xsmcDefine(xsVar(0), xsID("args"), xsVar(1), xsDontEnum);
	xsmcDefine(xsGlobal, xsID("sim"), xsVar(0), xsDontEnum);
}
